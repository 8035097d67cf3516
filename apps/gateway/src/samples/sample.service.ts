import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { Db } from '../db/database.js';
import { ImageStore, type PreparedImage, type StoredImage } from '../images/image-store.js';
import type { Sample } from './sample.type.js';

/** One line of `assets/samples/manifest.json`. */
export interface SampleManifestEntry {
  id: string;
  collection: string;
  label: string;
  /** Path relative to the samples folder. */
  file: string;
}

interface SampleRow {
  id: string;
  image_id: string;
  label: string;
  collection: string;
  source: string;
  format: string;
  width: number;
  height: number;
}

/** The stored sample images: imported from the bundled folder on first start, then read from the database. */
export class SampleService {
  constructor(
    private readonly db: Db,
    private readonly images: ImageStore,
  ) {}

  /** Imports every manifest entry not yet stored (idempotent), in one transaction. Returns how many were added. */
  async importBundled(samplesDir: string): Promise<number> {
    const manifest = JSON.parse(
      readFileSync(path.join(samplesDir, 'manifest.json'), 'utf8'),
    ) as SampleManifestEntry[];
    const known = new Set(
      (this.db.prepare('SELECT id FROM samples').all() as { id: string }[]).map((r) => r.id),
    );
    const pending: { entry: SampleManifestEntry; image: PreparedImage }[] = [];
    for (const entry of manifest) {
      if (known.has(entry.id)) continue;
      const bytes = new Uint8Array(readFileSync(path.join(samplesDir, entry.file)));
      const meta = await sharp(bytes).metadata();
      pending.push({
        entry,
        image: await this.images.prepare(bytes, meta.format ?? 'unknown', meta.width ?? 0, meta.height ?? 0),
      });
    }
    const insertSample = this.db.prepare(
      'INSERT INTO samples (id, image_id, label, collection, source) VALUES (?, ?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      for (const { entry, image } of pending) {
        insertSample.run(
          entry.id,
          this.images.insert(image),
          entry.label,
          entry.collection,
          `bundled:${entry.file}`,
        );
      }
    })();
    return pending.length;
  }

  /** Stores a generated image as a sample (replacing a sample of the same id), in one transaction. */
  add(id: string, label: string, collection: string, source: string, image: PreparedImage): void {
    this.db.transaction(() => {
      const imageId = this.images.insert(image);
      this.db
        .prepare(
          'INSERT OR REPLACE INTO samples (id, image_id, label, collection, source) VALUES (?, ?, ?, ?, ?)',
        )
        .run(id, imageId, label, collection, source);
    })();
  }

  list(collection?: string | null): Sample[] {
    const rows = (
      collection === undefined || collection === null
        ? this.db.prepare(`${SELECT} ORDER BY s.id`).all()
        : this.db.prepare(`${SELECT} WHERE s.collection = ? ORDER BY s.id`).all(collection)
    ) as SampleRow[];
    return rows.map((row) => this.toSample(row));
  }

  /** The sample's stored image, or undefined for an unknown id. */
  image(id: string): { id: string; label: string; image: StoredImage } | undefined {
    const row = this.db.prepare(`${SELECT} WHERE s.id = ?`).get(id) as SampleRow | undefined;
    if (row === undefined) return undefined;
    const image = this.images.get(row.image_id);
    return image === undefined ? undefined : { id: row.id, label: row.label, image };
  }

  /** Every sample as (id, label), in id order: the demo world's examples. */
  entries(): { id: string; label: string }[] {
    return this.db.prepare('SELECT id, label FROM samples ORDER BY id').all() as {
      id: string;
      label: string;
    }[];
  }

  private toSample(row: SampleRow): Sample {
    return {
      id: row.id,
      label: row.label,
      collection: row.collection,
      format: row.format,
      width: row.width,
      height: row.height,
      thumbnail: this.images.thumbnailDataUrl(row.image_id) ?? '',
      source: row.source,
    };
  }
}

const SELECT = `SELECT s.id, s.image_id, s.label, s.collection, s.source, i.format, i.width, i.height
  FROM samples s JOIN images i ON i.id = s.image_id`;
