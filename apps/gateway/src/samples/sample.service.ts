import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { Db } from '../db/database.js';
import { byText } from '../db/text-order.js';
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
    const known = new Set((await this.db.all<{ id: string }>('SELECT id FROM samples')).map((r) => r.id));
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
    await this.db.transaction(async () => {
      for (const { entry, image } of pending) {
        // ON CONFLICT: another gateway sharing the database may import the same bundle at the same time.
        await this.db.run(
          'INSERT INTO samples (id, image_id, label, collection, source) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
          [entry.id, await this.images.insert(image), entry.label, entry.collection, `bundled:${entry.file}`],
        );
      }
    });
    return pending.length;
  }

  /** Stores a generated image as a sample (replacing a sample of the same id), in one transaction. */
  async add(
    id: string,
    label: string,
    collection: string,
    source: string,
    image: PreparedImage,
  ): Promise<void> {
    await this.db.transaction(async () => {
      const imageId = await this.images.insert(image);
      await this.db.run(
        `INSERT INTO samples (id, image_id, label, collection, source) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET image_id = excluded.image_id, label = excluded.label,
           collection = excluded.collection, source = excluded.source`,
        [id, imageId, label, collection, source],
      );
    });
  }

  async list(collection?: string | null): Promise<Sample[]> {
    const rows =
      collection === undefined || collection === null
        ? await this.db.all<SampleRow>(SELECT)
        : await this.db.all<SampleRow>(`${SELECT} WHERE s.collection = ?`, [collection]);
    rows.sort((a, b) => byText(a.id, b.id));
    const out: Sample[] = [];
    for (const row of rows) out.push(await this.toSample(row));
    return out;
  }

  /** One sample by id, or undefined for an unknown id. */
  async find(id: string): Promise<Sample | undefined> {
    const row = await this.db.get<SampleRow>(`${SELECT} WHERE s.id = ?`, [id]);
    return row === undefined ? undefined : this.toSample(row);
  }

  /** The sample's stored image, or undefined for an unknown id. */
  async image(id: string): Promise<{ id: string; label: string; image: StoredImage } | undefined> {
    const row = await this.db.get<SampleRow>(`${SELECT} WHERE s.id = ?`, [id]);
    if (row === undefined) return undefined;
    const image = await this.images.get(row.image_id);
    return image === undefined ? undefined : { id: row.id, label: row.label, image };
  }

  /** Every sample as (id, label), in id order: the demo world's examples. */
  async entries(): Promise<{ id: string; label: string }[]> {
    const rows = await this.db.all<{ id: string; label: string }>('SELECT id, label FROM samples');
    return rows.sort((a, b) => byText(a.id, b.id));
  }

  private async toSample(row: SampleRow): Promise<Sample> {
    return {
      id: row.id,
      label: row.label,
      collection: row.collection,
      format: row.format,
      width: row.width,
      height: row.height,
      thumbnail: (await this.images.thumbnailDataUrl(row.image_id)) ?? '',
      source: row.source,
    };
  }
}

const SELECT = `SELECT s.id, s.image_id, s.label, s.collection, s.source, i.format, i.width, i.height
  FROM samples s JOIN images i ON i.id = s.image_id`;
