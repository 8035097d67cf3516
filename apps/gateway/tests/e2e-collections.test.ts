import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CollectionRepository } from '../src/collections/collection.repository.js';
import { CollectionValidator } from '../src/collections/collection.validator.js';
import type { Db } from '../src/db/database.js';
import { must, startTestGateway, type TestGateway } from './helpers/test-gateway.js';

const PHOTOS = '/work/shared/data/images/flowers/daisy';
const SAMPLE_DIR = path.resolve(import.meta.dirname, '../assets/samples/flowers');

/** A few real photos: the shared data set when present, else the bundled flower samples. */
function photos(n: number): { name: string; bytes: Buffer }[] {
  let dir = PHOTOS;
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => /\.(jpe?g|png|webp)$/i.test(f));
  } catch {
    dir = SAMPLE_DIR;
    files = readdirSync(dir).filter((f) => /\.(jpe?g|png|webp)$/i.test(f));
  }
  return files
    .sort()
    .slice(0, n)
    .map((name) => ({ name, bytes: readFileSync(path.join(dir, name)) }));
}

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway();
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const COLLECTION = 'id name createdAt imageCount labelledCount labelCounts { label count }';

interface AddResult {
  addCollectionImages: {
    added: number;
    duplicates: number;
    failed: { name: string; code: string; message: string }[];
    collection: { id: string; imageCount: number };
  };
}

describe('collections and uploads', () => {
  let id = '';
  const files = photos(3);

  it('creates, lists and finds a collection; names are validated', async () => {
    const created = must(
      await t.mutate<{ createCollection: { id: string; name: string; imageCount: number } }>(
        `mutation($n: String!) { createCollection(name: $n) { ${COLLECTION} } }`,
        { n: '  holiday  ' },
      ),
    ).createCollection;
    expect(created.id).toMatch(/^c_/);
    expect(created.name).toBe('holiday');
    expect(created.imageCount).toBe(0);
    id = created.id;
    const again = await t.mutate(`mutation { createCollection(name: "holiday") { id } }`);
    expect(again.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const long = await t.mutate(`mutation($n: String!) { createCollection(name: $n) { id } }`, {
      n: 'x'.repeat(65),
    });
    expect(long.errors?.[0]?.message).toContain('65 characters');
    const list = must(await t.gql<{ collections: { id: string }[] }>(`{ collections { id } }`)).collections;
    expect(list.map((c) => c.id)).toEqual([id]);
    const unknown = await t.gql(`{ collection(id: "c_nope") { id } }`);
    expect(unknown.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(unknown.errors?.[0]?.extensions?.reason).toBe('NOT_FOUND');
  });

  it('needs the API key to mutate', async () => {
    const r = await t.gql(`mutation { createCollection(name: "nokey") { id } }`);
    expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('adds a chunk: a corrupt file is reported per file, the others are added; duplicates are counted', async () => {
    const images = [
      ...files.map((f) => ({ name: f.name, base64: f.bytes.toString('base64') })),
      { name: 'broken.jpg', base64: Buffer.from('definitely not a jpeg').toString('base64') },
      // A valid JPEG header cut short: passes the header check, fails the full decode.
      { name: 'truncated.jpg', base64: files[0].bytes.subarray(0, 400).toString('base64') },
      { name: 'copy.jpg', base64: files[1].bytes.toString('base64') },
    ];
    const r = must(
      await t.mutate<AddResult>(
        `mutation($c: ID!, $i: [CollectionImageUpload!]!) { addCollectionImages(collectionId: $c, images: $i) {
          added duplicates failed { name code message } collection { id imageCount } } }`,
        { c: id, i: images },
      ),
    ).addCollectionImages;
    expect(r.added).toBe(files.length);
    expect(r.duplicates).toBe(1);
    expect(r.failed.map((f) => f.name).sort()).toEqual(['broken.jpg', 'truncated.jpg']);
    expect(r.failed.find((f) => f.name === 'broken.jpg')?.code).toBe('BAD_USER_INPUT');
    expect(r.failed.find((f) => f.name === 'broken.jpg')?.message).toContain('not an image');
    expect(r.collection.imageCount).toBe(files.length);
    // The same files again: all duplicates, nothing added.
    const again = must(
      await t.mutate<AddResult>(
        `mutation($c: ID!, $i: [CollectionImageUpload!]!) { addCollectionImages(collectionId: $c, images: $i) {
          added duplicates failed { name } collection { id imageCount } } }`,
        { c: id, i: images.slice(0, 1) },
      ),
    ).addCollectionImages;
    expect(again).toMatchObject({ added: 0, duplicates: 1, failed: [] });
  });

  it('refuses an empty chunk and more than 100 files', async () => {
    const empty = await t.mutate(
      `mutation($c: ID!) { addCollectionImages(collectionId: $c, images: []) { added } }`,
      { c: id },
    );
    expect(empty.errors?.[0]?.message).toContain('0 files');
    const many = Array.from({ length: 101 }, (_, i) => ({ name: `f${i}.jpg`, base64: 'AAAA' }));
    const r = await t.mutate(
      `mutation($c: ID!, $i: [CollectionImageUpload!]!) { addCollectionImages(collectionId: $c, images: $i) { added } }`,
      { c: id, i: many },
    );
    expect(r.errors?.[0]?.message).toContain('101 files');
  });

  it('pages images and serves bytes and a ≤ 96 px thumbnail; bad ids are 404', async () => {
    const page = must(
      await t.gql<{
        collectionImages: {
          id: string;
          name: string;
          sha256: string;
          width: number;
          thumbnailUrl: string;
          imageUrl: string;
        }[];
      }>(
        `query($c: ID!) { collectionImages(collectionId: $c, offset: 1, limit: 2) { id name sha256 width thumbnailUrl imageUrl } }`,
        {
          c: id,
        },
      ),
    ).collectionImages;
    expect(page.map((p) => p.name)).toEqual(files.slice(1, 3).map((f) => f.name));
    expect(page[0].id).toBe(`ci_${page[0].sha256.slice(0, 24)}`);
    const base = t.gateway.url;
    const thumb = await fetch(`${base}${page[0].thumbnailUrl}`);
    expect(thumb.status).toBe(200);
    const meta = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata();
    expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBe(96);
    const bytes = Buffer.from(await (await fetch(`${base}${page[0].imageUrl}`)).arrayBuffer());
    expect(bytes.equals(files[1].bytes)).toBe(true);
    for (const bad of [
      `/collections/${id}/images/..%2F..%2Fetc%2Fpasswd`,
      `/collections/../images/${page[0].id}`,
      `/collections/${id}/images/ci_000000000000000000000000`,
      `/collections/c_00000000-0000-0000-0000-000000000000/images/${page[0].id}/thumbnail`,
    ]) {
      expect((await fetch(`${base}${bad}`)).status, bad).toBe(404);
    }
    const limit = await t.gql(`query($c: ID!) { collectionImages(collectionId: $c, limit: 1001) { id } }`, {
      c: id,
    });
    expect(limit.errors?.[0]?.message).toContain('1 to 1000');
  });

  it('deletes a collection', async () => {
    expect(
      must(
        await t.mutate<{ deleteCollection: boolean }>(`mutation($c: ID!) { deleteCollection(id: $c) }`, {
          c: id,
        }),
      ).deleteCollection,
    ).toBe(true);
    expect(
      (await t.gql(`query($c: ID!) { collection(id: $c) { id } }`, { c: id })).errors?.[0]?.extensions
        ?.reason,
    ).toBe('NOT_FOUND');
  });
});

describe('collection capacity', () => {
  // The 10,000 limit is checked by arithmetic (current + new > max), so a small max shows the refusal without
  // uploading 10,000 photos; the default max is asserted as well.
  it('refuses the upload that would pass the maximum, naming both numbers', () => {
    const check = new CollectionValidator(new CollectionRepository({} as Db));
    expect(check.limits.maxImages).toBe(10_000);
    expect(() => check.capacity(10_000, 0)).not.toThrow();
    expect(() => check.capacity(9_999, 1)).not.toThrow();
    expect(() => check.capacity(10_000, 1)).toThrow(
      /holds 10000 images and this upload adds 1 new ones \(10001\); a collection holds at most 10000/,
    );
    const small = new CollectionValidator(new CollectionRepository({} as Db), {
      maxImages: 3,
      maxFilesPerUpload: 100,
    });
    expect(() => small.capacity(2, 2)).toThrow(/at most 3 images/);
  });
});
