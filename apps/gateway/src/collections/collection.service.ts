import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { GatewayError } from '../errors/gateway-errors.js';
import type { ImageValidator } from '../validation/image.validator.js';
import type {
  CollectionImageRow,
  CollectionRepository,
  CollectionRow,
  NewCollectionImage,
} from './collection.repository.js';
import type { AddCollectionImagesResult, Collection, CollectionImage, FileError } from './collection.type.js';
import type { CollectionImageUpload } from './collection.input.js';
import type { CollectionValidator } from './collection.validator.js';

/** Longest side of the stored collection thumbnails, in pixels. */
export const COLLECTION_THUMBNAIL_SIDE = 96;

/** Collections: create, list, delete, chunked uploads with per-file errors and sha256 dedupe. */
export class CollectionService {
  constructor(
    private readonly repo: CollectionRepository,
    private readonly check: CollectionValidator,
    private readonly images: ImageValidator,
  ) {}

  async create(name: string): Promise<Collection> {
    return this.view(await this.repo.insert(name));
  }

  async list(): Promise<Collection[]> {
    const out: Collection[] = [];
    for (const row of await this.repo.list()) out.push(await this.view(row));
    return out;
  }

  delete(collection: CollectionRow): Promise<boolean> {
    return this.repo.delete(collection.id);
  }

  async view(row: CollectionRow): Promise<Collection> {
    const labelCounts = await this.repo.labelCounts(row.id);
    return {
      id: row.id,
      name: row.name,
      createdAt: row.createdAt,
      imageCount: await this.repo.imageCount(row.id),
      labelledCount: labelCounts.reduce((sum, c) => sum + c.count, 0),
      labelCounts,
    };
  }

  async page(collection: CollectionRow, offset: number, limit: number): Promise<CollectionImage[]> {
    return (await this.repo.images(collection.id, offset, limit)).map(toGraphql);
  }

  /**
   * Validates and stores one chunk: each file is checked with the gateway's image validation, then decoded fully
   * for its thumbnail; a failing file lands in `failed` with its code and message while the others are added.
   */
  async add(
    collection: CollectionRow,
    uploads: readonly CollectionImageUpload[],
  ): Promise<AddCollectionImagesResult> {
    const failed: FileError[] = [];
    const prepared: NewCollectionImage[] = [];
    const seen = new Set<string>();
    let duplicates = 0;
    for (let i = 0; i < uploads.length; i++) {
      const upload = uploads[i];
      const name = upload.name.trim().slice(0, 255) || `file-${i}`;
      try {
        const valid = await this.images.validate({ base64: upload.base64 }, `images[${i}] (${name})`);
        const sha256 = createHash('sha256').update(valid.bytes).digest('hex');
        const id = `ci_${sha256.slice(0, 24)}`;
        if (seen.has(id)) {
          duplicates++;
          continue;
        }
        seen.add(id);
        let thumbnail: Buffer;
        try {
          thumbnail = await sharp(valid.bytes)
            .autoOrient()
            .resize(COLLECTION_THUMBNAIL_SIDE, COLLECTION_THUMBNAIL_SIDE, { fit: 'inside' })
            .jpeg({ quality: 75 })
            .toBuffer();
        } catch (error) {
          failed.push({
            name,
            code: 'DECODE_FAILED',
            message: `images[${i}] (${name}) has a valid ${valid.format} header but could not be decoded: ${(error as Error).message.slice(0, 200)}`,
          });
          continue;
        }
        prepared.push({
          id,
          name,
          sha256,
          format: valid.format,
          width: valid.width,
          height: valid.height,
          bytes: valid.bytes,
          thumbnail,
        });
      } catch (error) {
        if (!(error instanceof GatewayError)) throw error;
        failed.push({ name, code: error.code, message: error.message });
      }
    }
    const existing = await this.repo.existingIds(
      collection.id,
      prepared.map((p) => p.id),
    );
    duplicates += existing.size;
    const fresh = prepared.filter((p) => !existing.has(p.id));
    this.check.capacity(await this.repo.imageCount(collection.id), fresh.length);
    const added = await this.repo.insertImages(collection.id, fresh);
    // A concurrent upload of the same bytes may have won the race: count it as a duplicate.
    duplicates += fresh.length - added;
    return { added, duplicates, failed, collection: await this.view(collection) };
  }
}

function toGraphql(row: CollectionImageRow): CollectionImage {
  const base = `/collections/${row.collectionId}/images/${row.id}`;
  return {
    id: row.id,
    name: row.name,
    sha256: row.sha256,
    width: row.width,
    height: row.height,
    label: row.label,
    thumbnailUrl: `${base}/thumbnail`,
    imageUrl: base,
  };
}
