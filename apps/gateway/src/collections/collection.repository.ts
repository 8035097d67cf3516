import { randomUUID } from 'node:crypto';
import { now, type Db } from '../db/database.js';
import { byText } from '../db/text-order.js';

export interface CollectionRow {
  id: string;
  name: string;
  createdAt: string;
}

export interface CollectionImageRow {
  id: string;
  collectionId: string;
  name: string;
  sha256: string;
  width: number;
  height: number;
  label: string | null;
}

export interface NewCollectionImage {
  id: string;
  name: string;
  sha256: string;
  format: string;
  width: number;
  height: number;
  bytes: Uint8Array;
  thumbnail: Uint8Array;
}

interface ImageDbRow {
  id: string;
  collection_id: string;
  name: string;
  sha256: string;
  width: number;
  height: number;
  label: string | null;
}

const IMAGE_COLUMNS = 'id, collection_id, name, sha256, width, height, label';

/** Collections and their images on either backend (portable SQL, see `src/db/README.md`). */
export class CollectionRepository {
  constructor(private readonly db: Db) {}

  async insert(name: string): Promise<CollectionRow> {
    const row = { id: `c_${randomUUID()}`, name, createdAt: now() };
    await this.db.run('INSERT INTO collections (id, name, created_at) VALUES (?, ?, ?)', [
      row.id,
      row.name,
      row.createdAt,
    ]);
    return row;
  }

  async find(id: string): Promise<CollectionRow | undefined> {
    const row = await this.db.get<{ id: string; name: string; created_at: string }>(
      'SELECT id, name, created_at FROM collections WHERE id = ?',
      [id],
    );
    return row === undefined ? undefined : { id: row.id, name: row.name, createdAt: row.created_at };
  }

  async findByName(name: string): Promise<CollectionRow | undefined> {
    const row = await this.db.get<{ id: string }>('SELECT id FROM collections WHERE name = ?', [name]);
    return row === undefined ? undefined : this.find(row.id);
  }

  /** Every collection, oldest first (ties by name). */
  async list(): Promise<CollectionRow[]> {
    const rows = await this.db.all<{ id: string; name: string; created_at: string }>(
      'SELECT id, name, created_at FROM collections',
    );
    rows.sort((a, b) => byText(a.created_at, b.created_at) || byText(a.name, b.name));
    return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at }));
  }

  /** Deletes the collection and its images; false when it did not exist. */
  async delete(id: string): Promise<boolean> {
    return this.db.transaction(async () => {
      // Explicit: SQLite only cascades with its foreign_keys pragma on.
      await this.db.run('DELETE FROM collection_images WHERE collection_id = ?', [id]);
      const result = await this.db.run('DELETE FROM collections WHERE id = ?', [id]);
      return result.changes > 0;
    });
  }

  async imageCount(collectionId: string): Promise<number> {
    const row = await this.db.get<{ n: number }>(
      'SELECT CAST(COUNT(*) AS INTEGER) AS n FROM collection_images WHERE collection_id = ?',
      [collectionId],
    );
    return row?.n ?? 0;
  }

  /** Images per label (unlabelled images left out), sorted by label. */
  async labelCounts(collectionId: string): Promise<{ label: string; count: number }[]> {
    const rows = await this.db.all<{ label: string; n: number }>(
      `SELECT label, CAST(COUNT(*) AS INTEGER) AS n FROM collection_images
       WHERE collection_id = ? AND label IS NOT NULL GROUP BY label`,
      [collectionId],
    );
    return rows.map((r) => ({ label: r.label, count: r.n })).sort((a, b) => byText(a.label, b.label));
  }

  /** Which of these image ids the collection already holds. */
  async existingIds(collectionId: string, ids: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (const id of ids) {
      const row = await this.db.get<{ id: string }>(
        'SELECT id FROM collection_images WHERE collection_id = ? AND id = ?',
        [collectionId, id],
      );
      if (row !== undefined) found.add(id);
    }
    return found;
  }

  /**
   * Inserts images in upload order (`seq` continues after the last one); an id already stored is skipped.
   * Returns how many rows were inserted. Call inside a transaction when the count check must hold.
   */
  async insertImages(collectionId: string, images: readonly NewCollectionImage[]): Promise<number> {
    const last = await this.db.get<{ s: number | null }>(
      'SELECT MAX(seq) AS s FROM collection_images WHERE collection_id = ?',
      [collectionId],
    );
    let seq = (last?.s ?? 0) + 1;
    let inserted = 0;
    const at = now();
    for (const image of images) {
      const result = await this.db.run(
        `INSERT INTO collection_images
           (id, collection_id, seq, name, sha256, format, width, height, bytes, thumbnail, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (collection_id, id) DO NOTHING`,
        [
          image.id,
          collectionId,
          seq++,
          image.name,
          image.sha256,
          image.format,
          image.width,
          image.height,
          Buffer.from(image.bytes),
          Buffer.from(image.thumbnail),
          at,
        ],
      );
      inserted += result.changes;
    }
    return inserted;
  }

  /** A page of images in upload order. */
  async images(collectionId: string, offset: number, limit: number): Promise<CollectionImageRow[]> {
    const rows = await this.db.all<ImageDbRow>(
      `SELECT ${IMAGE_COLUMNS} FROM collection_images WHERE collection_id = ? ORDER BY seq LIMIT ? OFFSET ?`,
      [collectionId, limit, offset],
    );
    return rows.map(toImage);
  }

  /** Stored bytes or thumbnail of one image, with its format ('jpeg' for thumbnails). */
  async imageBytes(
    collectionId: string,
    imageId: string,
    which: 'bytes' | 'thumbnail',
  ): Promise<{ bytes: Buffer; format: string } | undefined> {
    const column = which === 'bytes' ? 'bytes' : 'thumbnail';
    const row = await this.db.get<{ data: Buffer; format: string }>(
      `SELECT ${column} AS data, format FROM collection_images WHERE collection_id = ? AND id = ?`,
      [collectionId, imageId],
    );
    if (row === undefined) return undefined;
    return { bytes: row.data, format: which === 'bytes' ? row.format : 'jpeg' };
  }
}

function toImage(r: ImageDbRow): CollectionImageRow {
  return {
    id: r.id,
    collectionId: r.collection_id,
    name: r.name,
    sha256: r.sha256,
    width: r.width,
    height: r.height,
    label: r.label,
  };
}
