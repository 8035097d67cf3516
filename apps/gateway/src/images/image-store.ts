import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { now, type Db } from '../db/database.js';

/** Side of the stored JPEG thumbnails, in pixels. */
export const THUMBNAIL_SIDE = 64;

export interface StoredImage {
  id: string;
  bytes: Uint8Array;
  format: string;
  width: number;
  height: number;
}

/** Content-addressed image bytes in the `images` table (the same photo uploaded twice is stored once). */
export class ImageStore {
  constructor(private readonly db: Db) {}

  static idOf(bytes: Uint8Array): string {
    return createHash('sha256').update(bytes).digest('hex');
  }

  /** Prepares a row (thumbnail included) outside any transaction, so `insert` inside one stays fast. */
  async prepare(bytes: Uint8Array, format: string, width: number, height: number): Promise<PreparedImage> {
    const thumbnail = await sharp(bytes)
      .autoOrient()
      .resize(THUMBNAIL_SIDE, THUMBNAIL_SIDE, { fit: 'cover' })
      .jpeg({ quality: 70 })
      .toBuffer();
    return { id: ImageStore.idOf(bytes), bytes, format, width, height, thumbnail };
  }

  /** Inserts the row unless an identical image is already stored; call inside the caller's transaction. */
  async insert(image: PreparedImage): Promise<string> {
    await this.db.run(
      `INSERT INTO images (id, bytes, format, width, height, thumbnail, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
      [image.id, Buffer.from(image.bytes), image.format, image.width, image.height, image.thumbnail, now()],
    );
    return image.id;
  }

  async get(id: string): Promise<StoredImage | undefined> {
    const row = await this.db.get<{
      id: string;
      bytes: Buffer;
      format: string;
      width: number;
      height: number;
    }>('SELECT id, bytes, format, width, height FROM images WHERE id = ?', [id]);
    return row === undefined ? undefined : { ...row, bytes: new Uint8Array(row.bytes) };
  }

  /** `data:image/jpeg;base64,…` thumbnail, or undefined for an unknown id. */
  async thumbnailDataUrl(id: string): Promise<string | undefined> {
    const row = await this.db.get<{ thumbnail: Buffer }>('SELECT thumbnail FROM images WHERE id = ?', [id]);
    return row === undefined ? undefined : `data:image/jpeg;base64,${row.thumbnail.toString('base64')}`;
  }
}

export interface PreparedImage extends StoredImage {
  thumbnail: Buffer;
}
