import { clip } from '../errors/clip.js';
import { BadUserInputError } from '../errors/gateway-errors.js';
import type { CollectionRepository, CollectionRow } from './collection.repository.js';

/** Collection ids are `c_` + a UUID; image ids `ci_` + 24 hex digits. Anything else is never looked up. */
export const COLLECTION_ID = /^c_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const COLLECTION_IMAGE_ID = /^ci_[0-9a-f]{24}$/;

export interface CollectionLimits {
  /** Images a collection may hold (default 10,000). */
  maxImages: number;
  /** Files per `addCollectionImages` call (default 100). */
  maxFilesPerUpload: number;
}

export const DEFAULT_COLLECTION_LIMITS: CollectionLimits = { maxImages: 10_000, maxFilesPerUpload: 100 };

/** Argument checks of the collection fields, run by the resolver before the service. */
export class CollectionValidator {
  constructor(
    private readonly repo: CollectionRepository,
    readonly limits: CollectionLimits = DEFAULT_COLLECTION_LIMITS,
  ) {}

  /** A collection name: 1–64 characters after trimming, not used yet. */
  async newName(name: string): Promise<string> {
    const clean = name.trim();
    if (clean.length < 1 || clean.length > 64) {
      throw new BadUserInputError(`name has ${clean.length} characters after trimming; allowed: 1 to 64.`, {
        argument: 'name',
      });
    }
    if ((await this.repo.findByName(clean)) !== undefined) {
      throw new BadUserInputError(
        `A collection named "${clip(clean)}" already exists; choose another name.`,
        {
          argument: 'name',
        },
      );
    }
    return clean;
  }

  /** An existing collection; NOT_FOUND-style BAD_USER_INPUT (extensions.reason = NOT_FOUND) otherwise. */
  async collection(id: string, argument = 'collectionId'): Promise<CollectionRow> {
    const found = COLLECTION_ID.test(id) ? await this.repo.find(id) : undefined;
    if (found === undefined) {
      throw new BadUserInputError(
        `${argument} "${clip(id)}" is not a collection; list ids with the collections query.`,
        { argument, reason: 'NOT_FOUND' },
      );
    }
    return found;
  }

  /** The number of files of one upload call: 1 to `maxFilesPerUpload`. */
  uploadSize(count: number): void {
    if (count < 1 || count > this.limits.maxFilesPerUpload) {
      throw new BadUserInputError(
        `images has ${count} files; allowed: 1 to ${this.limits.maxFilesPerUpload} per call (send larger folders in chunks).`,
        { argument: 'images', count, max: this.limits.maxFilesPerUpload },
      );
    }
  }

  /** Refuses an upload that would take the collection past `maxImages`, naming both numbers. */
  capacity(current: number, adding: number): void {
    if (current + adding > this.limits.maxImages) {
      throw new BadUserInputError(
        `The collection holds ${current} images and this upload adds ${adding} new ones (${current + adding}); ` +
          `a collection holds at most ${this.limits.maxImages} images.`,
        { argument: 'images', current, adding, max: this.limits.maxImages },
      );
    }
  }

  /** Paging: offset ≥ 0, limit 1–1000. */
  page(offset: number, limit: number): void {
    if (!Number.isInteger(offset) || offset < 0) {
      throw new BadUserInputError(`offset is ${offset}; allowed: an integer ≥ 0.`, { argument: 'offset' });
    }
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
      throw new BadUserInputError(`limit is ${limit}; allowed: 1 to 1000.`, { argument: 'limit' });
    }
  }
}
