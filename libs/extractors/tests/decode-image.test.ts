import { readFile } from 'node:fs/promises';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeImage, decodeImageRgb } from '../src/image/decode-image.js';
import { ExtractorError, type ExtractorErrorCode } from '../src/errors/extractor-error.js';

const fixture = (name: string): string => new URL(`./fixtures/${name}`, import.meta.url).pathname;
const opts = { size: 224, normalisation: '0..1' } as const;

async function codeOf(promise: Promise<unknown>): Promise<ExtractorErrorCode | string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (error instanceof ExtractorError) return error.code;
  return `not an ExtractorError: ${String(error)}`;
}

/** A PNG that declares width×height but carries only one tiny IDAT: the decompression-bomb shape. */
function pngDeclaring(width: number, height: number): Buffer {
  const crcTable = new Uint32Array(256).map((_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer): number => {
    let c = 0xffffffff;
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, body: Buffer): Buffer => {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(body.length);
    const typed = Buffer.concat([Buffer.from(type, 'latin1'), body]);
    const tail = Buffer.alloc(4);
    tail.writeUInt32BE(crc(typed));
    return Buffer.concat([head, typed, tail]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(1 + width * 3))), // one zero row
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('decodeImage', () => {
  it('resizes the shorter side and centre-crops to 224×224×3, normalised to [0,1]', async () => {
    const data = await decodeImage(fixture('grace_hopper.jpg'), opts);
    expect(data.length).toBe(224 * 224 * 3);
    let min = Infinity;
    let max = -Infinity;
    for (const v of data) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThanOrEqual(1);
    expect(max - min).toBeGreaterThan(0.5);
  });

  it('applies the -1..1 normalisation as x/127.5 − 1 of the same pixels', async () => {
    const rgb = await decodeImageRgb(fixture('china.jpg'), opts);
    const mobilenet = await decodeImage(fixture('china.jpg'), { size: 224, normalisation: '-1..1' });
    for (const i of [0, 1, 2, 1000, 75_000, rgb.data.length - 1]) {
      expect(mobilenet[i]).toBeCloseTo(rgb.data[i] / 127.5 - 1, 6);
    }
  });

  it('centre crop: a 300×100 image with a red middle third keeps only the red part', async () => {
    const width = 300;
    const raw = Buffer.alloc(width * 100 * 3);
    for (let y = 0; y < 100; y++) {
      for (let x = 0; x < width; x++) {
        const o = (y * width + x) * 3;
        if (x >= 100 && x < 200) raw[o] = 255;
        else raw[o + 2] = 255; // blue sides
      }
    }
    const png = await sharp(raw, { raw: { width, height: 100, channels: 3 } })
      .png()
      .toBuffer();
    const { data, width: w, height: h } = await decodeImageRgb(png, { size: 32, normalisation: '0..1' });
    expect([w, h]).toEqual([32, 32]);
    let red = 0;
    for (let p = 0; p < 32 * 32; p++) if (data[p * 3] > 200 && data[p * 3 + 2] < 50) red++;
    // Interior columns are pure red; only the resampling border column on each side may blend.
    expect(red).toBeGreaterThanOrEqual(30 * 32);
  });

  it('applies EXIF orientation: a 40×20 landscape tagged "rotate 90" comes out as portrait content', async () => {
    // Left half white, right half black; orientation 6 means the viewer rotates 90° clockwise,
    // so the white half ends up on top.
    const raw = Buffer.alloc(40 * 20 * 3);
    for (let y = 0; y < 20; y++)
      for (let x = 0; x < 20; x++) raw.fill(255, (y * 40 + x) * 3, (y * 40 + x) * 3 + 3);
    const jpeg = await sharp(raw, { raw: { width: 40, height: 20, channels: 3 } })
      .jpeg({ quality: 95 })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const { data } = await decodeImageRgb(jpeg, { size: 20, normalisation: '0..1' });
    const at = (x: number, y: number): number => data[(y * 20 + x) * 3];
    expect(at(10, 2)).toBeGreaterThan(200); // top: white
    expect(at(10, 17)).toBeLessThan(50); // bottom: black
  });

  it('expands greyscale and drops alpha: both give 3 equal-sized channels', async () => {
    const grey = await sharp(Buffer.alloc(64 * 64, 128), { raw: { width: 64, height: 64, channels: 1 } })
      .png()
      .toBuffer();
    const rgba = await sharp(Buffer.alloc(64 * 64 * 4, 200), { raw: { width: 64, height: 64, channels: 4 } })
      .webp({ lossless: true })
      .toBuffer();
    const g = await decodeImageRgb(grey, { size: 16, normalisation: '0..1' });
    const a = await decodeImageRgb(rgba, { size: 16, normalisation: '0..1' });
    expect(g.data.length).toBe(16 * 16 * 3);
    expect(a.data.length).toBe(16 * 16 * 3);
    expect([g.data[0], g.data[1], g.data[2]]).toEqual([128, 128, 128]);
    expect([a.data[0], a.data[1], a.data[2]]).toEqual([200, 200, 200]);
  });

  it('reduces a 16-bit PNG to the same 8-bit values', async () => {
    const png16 = await sharp(Buffer.alloc(32 * 32 * 3, 155), { raw: { width: 32, height: 32, channels: 3 } })
      .toColourspace('rgb16')
      .png()
      .toBuffer();
    expect((await sharp(png16).metadata()).depth).toBe('ushort');
    const { data } = await decodeImageRgb(png16, { size: 16, normalisation: '0..1' });
    expect(data.length).toBe(16 * 16 * 3);
    expect(data.every((v) => v === 155)).toBe(true);
  });

  it('accepts a Uint8Array as well as a Buffer or a path, with identical pixels', async () => {
    const bytes = await readFile(fixture('flower.jpg'));
    const fromPath = await decodeImageRgb(fixture('flower.jpg'), opts);
    const fromArray = await decodeImageRgb(new Uint8Array(bytes), opts);
    expect(Buffer.from(fromArray.data).equals(Buffer.from(fromPath.data))).toBe(true);
  });
});

describe('decodeImage errors', () => {
  it('random bytes are NOT_AN_IMAGE', async () => {
    let state = 12345;
    const bytes = new Uint8Array(4096).map(() => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state >>> 24;
    });
    expect(await codeOf(decodeImage(bytes, opts))).toBe('NOT_AN_IMAGE');
  });

  it('a text file is NOT_AN_IMAGE', async () => {
    expect(await codeOf(decodeImage(fixture('README.md'), opts))).toBe('NOT_AN_IMAGE');
  });

  it('a missing file is NOT_AN_IMAGE and names the path', async () => {
    const error = await decodeImage('/no/such/photo.jpg', opts).catch((e: unknown) => e);
    expect((error as ExtractorError).code).toBe('NOT_AN_IMAGE');
    expect((error as ExtractorError).message).toContain('/no/such/photo.jpg');
  });

  it('a JPEG cut in half is TRUNCATED_IMAGE', async () => {
    const bytes = await readFile(fixture('grace_hopper.jpg'));
    const half = bytes.subarray(0, Math.floor(bytes.length / 2));
    expect(await codeOf(decodeImage(half, opts))).toBe('TRUNCATED_IMAGE');
  });

  it('a PNG declaring 20000×20000 pixels is IMAGE_TOO_LARGE before any decoding', async () => {
    const bomb = pngDeclaring(20_000, 20_000);
    expect(bomb.length).toBeLessThan(2000);
    const error = await decodeImage(bomb, opts).catch((e: unknown) => e);
    expect((error as ExtractorError).code).toBe('IMAGE_TOO_LARGE');
    expect((error as ExtractorError).message).toMatch(/400000000 pixels; the limit is 50000000/);
  });

  it('the pixel limit is configurable', async () => {
    // grace_hopper.jpg is 512×600 = 307,200 pixels.
    expect(
      await codeOf(decodeImage(fixture('grace_hopper.jpg'), { ...opts, limitInputPixels: 300_000 })),
    ).toBe('IMAGE_TOO_LARGE');
    await expect(
      decodeImage(fixture('grace_hopper.jpg'), { ...opts, limitInputPixels: 310_000 }),
    ).resolves.toHaveLength(224 * 224 * 3);
  });

  it('a GIF is UNSUPPORTED_FORMAT and the message lists what is supported', async () => {
    const gif = await sharp(Buffer.alloc(8 * 8 * 3, 90), { raw: { width: 8, height: 8, channels: 3 } })
      .gif()
      .toBuffer();
    const error = await decodeImage(gif, opts).catch((e: unknown) => e);
    expect((error as ExtractorError).code).toBe('UNSUPPORTED_FORMAT');
    expect((error as ExtractorError).message).toMatch(/gif; supported formats: jpeg, png, webp/);
  });
});
