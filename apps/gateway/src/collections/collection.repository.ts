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

/** The stored facts of a collection's map. */
export interface StoredMapMeta {
  method: string;
  model: string;
  tap: string;
  head: string | null;
  silhouette: number | null;
  silhouetteBefore: number | null;
  createdAt: string;
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

  /** Ids of images without features for `featureKey` ("model/tap"), in upload order. */
  async pendingFeatures(collectionId: string, featureKey: string): Promise<string[]> {
    const rows = await this.db.all<{ id: string }>(
      `SELECT id FROM collection_images
       WHERE collection_id = ? AND (feature_key IS NULL OR feature_key <> ? OR features IS NULL) ORDER BY seq`,
      [collectionId, featureKey],
    );
    return rows.map((r) => r.id);
  }

  /** The stored bytes and header facts of one image (for feature extraction). */
  async decodable(
    collectionId: string,
    imageId: string,
  ): Promise<{ bytes: Uint8Array; format: string; width: number; height: number } | undefined> {
    const row = await this.db.get<{ bytes: Buffer; format: string; width: number; height: number }>(
      'SELECT bytes, format, width, height FROM collection_images WHERE collection_id = ? AND id = ?',
      [collectionId, imageId],
    );
    return row === undefined ? undefined : { ...row, bytes: new Uint8Array(row.bytes) };
  }

  /** Stores feature rows (float32) for `featureKey`, in one transaction. */
  async storeFeatures(
    collectionId: string,
    featureKey: string,
    rows: readonly { imageId: string; features: Float32Array }[],
  ): Promise<void> {
    await this.db.transaction(async () => {
      for (const r of rows) {
        await this.db.run(
          'UPDATE collection_images SET feature_key = ?, features = ? WHERE collection_id = ? AND id = ?',
          [
            featureKey,
            Buffer.from(r.features.buffer, r.features.byteOffset, r.features.byteLength),
            collectionId,
            r.imageId,
          ],
        );
      }
    });
  }

  /** Every image with features for `featureKey`, in upload order, as one row-major matrix plus ids and labels. */
  async features(
    collectionId: string,
    featureKey: string,
  ): Promise<{ ids: string[]; labels: (string | null)[]; data: Float32Array; rows: number; cols: number }> {
    const rows = await this.db.all<{ id: string; label: string | null; features: Buffer }>(
      `SELECT id, label, features FROM collection_images
       WHERE collection_id = ? AND feature_key = ? AND features IS NOT NULL ORDER BY seq`,
      [collectionId, featureKey],
    );
    const cols = rows.length === 0 ? 0 : rows[0].features.byteLength / 4;
    const data = new Float32Array(rows.length * cols);
    rows.forEach((r, i) => {
      // Copy out of the Buffer: its byte offset need not be 4-aligned.
      new Uint8Array(data.buffer, i * cols * 4, cols * 4).set(
        new Uint8Array(r.features.buffer, r.features.byteOffset, r.features.byteLength),
      );
    });
    return { ids: rows.map((r) => r.id), labels: rows.map((r) => r.label), data, rows: rows.length, cols };
  }

  /** Stores a finished map: coordinates of `ids` (others cleared) and the map's facts, in one transaction. */
  async storeMap(
    collectionId: string,
    ids: readonly string[],
    xy: Float64Array,
    meta: StoredMapMeta,
  ): Promise<void> {
    await this.db.transaction(async () => {
      await this.db.run('UPDATE collection_images SET x = NULL, y = NULL WHERE collection_id = ?', [
        collectionId,
      ]);
      for (let i = 0; i < ids.length; i++) {
        await this.db.run('UPDATE collection_images SET x = ?, y = ? WHERE collection_id = ? AND id = ?', [
          xy[i * 2],
          xy[i * 2 + 1],
          collectionId,
          ids[i],
        ]);
      }
      await this.db.run(
        `UPDATE collections SET map_method = ?, map_model = ?, map_tap = ?, map_head = ?, map_silhouette = ?,
           map_silhouette_before = ?, map_created_at = ? WHERE id = ?`,
        [
          meta.method,
          meta.model,
          meta.tap,
          meta.head,
          meta.silhouette,
          meta.silhouetteBefore,
          meta.createdAt,
          collectionId,
        ],
      );
    });
  }

  /** The stored map's facts, or undefined before the first map job succeeded. */
  async mapMeta(collectionId: string): Promise<StoredMapMeta | undefined> {
    const row = await this.db.get<{
      map_method: string | null;
      map_model: string;
      map_tap: string;
      map_head: string | null;
      map_silhouette: number | null;
      map_silhouette_before: number | null;
      map_created_at: string;
    }>(
      `SELECT map_method, map_model, map_tap, map_head, map_silhouette, map_silhouette_before, map_created_at
       FROM collections WHERE id = ?`,
      [collectionId],
    );
    if (row === undefined || row.map_method === null) return undefined;
    return {
      method: row.map_method,
      model: row.map_model,
      tap: row.map_tap,
      head: row.map_head,
      silhouette: row.map_silhouette,
      silhouetteBefore: row.map_silhouette_before,
      createdAt: row.map_created_at,
    };
  }

  /** Every image with coordinates, in upload order. */
  async points(
    collectionId: string,
  ): Promise<{ imageId: string; x: number; y: number; label: string | null; cluster: number | null }[]> {
    const rows = await this.db.all<{
      id: string;
      x: number;
      y: number;
      label: string | null;
      cluster: number | null;
    }>(
      `SELECT id, x, y, label, cluster FROM collection_images
       WHERE collection_id = ? AND x IS NOT NULL AND y IS NOT NULL ORDER BY seq`,
      [collectionId],
    );
    return rows.map((r) => ({
      imageId: r.id,
      x: Number(r.x),
      y: Number(r.y),
      label: r.label,
      cluster: r.cluster,
    }));
  }

  async setLastJob(collectionId: string, jobId: string): Promise<void> {
    await this.db.run('UPDATE collections SET last_job_id = ? WHERE id = ?', [jobId, collectionId]);
  }

  async lastJobId(collectionId: string): Promise<string | null> {
    const row = await this.db.get<{ last_job_id: string | null }>(
      'SELECT last_job_id FROM collections WHERE id = ?',
      [collectionId],
    );
    return row?.last_job_id ?? null;
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
