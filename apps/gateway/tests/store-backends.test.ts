import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import type { SqlDatabase } from '../src/db/database.js';
import { SQLITE_MIGRATIONS } from '../src/db/migrations.js';
import { isUniqueViolation } from '../src/db/unique-violation.js';
import { ImageStore } from '../src/images/image-store.js';
import { JobRunner } from '../src/jobs/job.runner.js';
import { JobKind } from '../src/jobs/job.type.js';
import { SampleService } from '../src/samples/sample.service.js';
import { resolveApiKey } from '../src/server/api-key.js';
import { buildWorldInWorker } from '../src/worlds/build-world-in-worker.js';
import { WorldRepository } from '../src/worlds/world.repository.js';
import { WorldStatus } from '../src/worlds/world.type.js';
import { storeBackends } from './helpers/store-backends.js';

// One suite, both storage backends: every repository must answer the same on SQLite and on PostgreSQL.
const backends = await storeBackends();
const silent = pino({ level: 'silent' });

/** The value, or a failed test saying what was missing. */
function must<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new Error(`${what} is missing`);
  return value;
}

/** A small solid-colour PNG (distinct colours give distinct content hashes). */
async function png(red: number): Promise<Uint8Array> {
  const bytes = await sharp({
    create: { width: 16, height: 12, channels: 3, background: { r: red, g: 40, b: 90 } },
  })
    .png()
    .toBuffer();
  return new Uint8Array(bytes);
}

/** Stores `n` images and returns their ids. */
async function storeImages(images: ImageStore, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++)
    ids.push(await images.insert(await images.prepare(await png(i * 7), 'png', 16, 12)));
  return ids;
}

describe.each(backends)('store on $name', (backend) => {
  const skip = backend.skipReason;
  if (skip !== undefined) console.warn(`store on ${backend.name}: SKIPPED — ${skip}`);
  const opened: SqlDatabase[] = [];
  const fresh = async (): Promise<SqlDatabase> => {
    const { db } = await backend.open(backend.freshLocation());
    opened.push(db);
    return db;
  };
  afterAll(async () => {
    for (const db of opened) await db.close();
    await backend.dropAll();
  });

  it.skipIf(skip !== undefined)(
    'migrates a fresh database once and reports the same schema version',
    async () => {
      const location = backend.freshLocation();
      const first = await backend.open(location);
      expect({ created: first.created, version: first.version }).toEqual({
        created: true,
        version: SQLITE_MIGRATIONS.length,
      });
      await first.db.close();
      const again = await backend.open(location);
      opened.push(again.db);
      expect({ created: again.created, version: again.version }).toEqual({
        created: false,
        version: SQLITE_MIGRATIONS.length,
      });
    },
  );

  it.skipIf(skip !== undefined)(
    'stores worlds, examples and activations and reads them back exactly',
    async () => {
      const db = await fresh();
      const repo = new WorldRepository(db);
      const imageIds = await storeImages(new ImageStore(db), 3);
      const id = await repo.insertWorld('pets', 'darknet-tiny', 'leaky_re_lu_14:gap');
      expect(id).toMatch(/^w_[0-9a-f-]{36}$/);
      await repo.insertExamples(id, [
        { imageId: imageIds[0], sampleId: 'pets-dog-01', label: 'dog' },
        { imageId: imageIds[1], sampleId: null, label: 'cat' },
        { imageId: imageIds[2], sampleId: 'pets-cat-02', label: 'cat' },
      ]);
      const pending = await repo.pendingExamples(id);
      expect(pending.map((p) => p.imageId)).toEqual(imageIds);
      // Two of three embedded: the third stays pending and out of the activation table.
      await repo.storeActivations([
        { exampleId: pending[0].id, activation: new Float32Array([0.5, -1.25, 3]) },
        { exampleId: pending[1].id, activation: new Float32Array([2, 0, -0.75]) },
      ]);
      expect((await repo.pendingExamples(id)).map((p) => p.id)).toEqual([pending[2].id]);
      const world = await repo.find('pets');
      expect(world).toMatchObject({
        id,
        name: 'pets',
        status: WorldStatus.BUILDING,
        exampleCount: 3,
        embeddedCount: 2,
        labels: [
          { label: 'cat', count: 2 },
          { label: 'dog', count: 1 },
        ],
        tree: null,
      });
      expect((await repo.find(id))?.name).toBe('pets');
      const table = await repo.activations(must(world, 'world pets'));
      expect(table.rows).toBe(2);
      expect(table.cols).toBe(3);
      expect(Array.from(table.data)).toEqual([0.5, -1.25, 3, 2, 0, -0.75]);
      expect(table.labelSets).toEqual([['dog'], ['cat']]);
      expect(table.sampleIds).toEqual(['pets-dog-01', null]);
      expect(table.files).toEqual(imageIds.slice(0, 2));

      await repo.setTree(id, '{"tree":1}', null, 'note');
      await repo.setStatus(id, WorldStatus.READY);
      expect(await repo.treeJson(id)).toBe('{"tree":1}');
      expect((await repo.find(id))?.status).toBe(WorldStatus.READY);
      expect(await repo.delete(id)).toBe(3);
      expect(await repo.find(id)).toBeUndefined();
      // Cascade: the examples went with the world.
      expect(await repo.pendingExamples(id)).toEqual([]);
    },
  );

  it.skipIf(skip !== undefined)('lists in code-unit order whatever the database collation', async () => {
    const db = await fresh();
    const repo = new WorldRepository(db);
    for (const name of ['b-x', 'B', 'a_c', 'ab', 'a-b']) await repo.insertWorld(name, 'm', 't');
    expect(await repo.names()).toEqual(['B', 'a-b', 'a_c', 'ab', 'b-x']);
  });

  it.skipIf(skip !== undefined)(
    'rolls a failed transaction back and keeps writes made outside it',
    async () => {
      const db = await fresh();
      const repo = new WorldRepository(db);
      const failing = db.transaction(async () => {
        await repo.insertWorld('inside', 'm', 't');
        // Nested transaction joins the outer one (rolled back with it).
        await db.transaction(() => repo.insertWorld('nested', 'm', 't'));
        await new Promise((resolve) => setTimeout(resolve, 30));
        throw new RangeError('stop');
      });
      // Issued while the transaction is open: must not land in it (SQLite queues it behind the transaction).
      const outside = repo.insertWorld('outside', 'm', 't');
      await expect(failing).rejects.toThrow('stop');
      await outside;
      expect(await repo.names()).toEqual(['outside']);
    },
  );

  it.skipIf(skip !== undefined)('reports a duplicate world name as a unique violation', async () => {
    const db = await fresh();
    const repo = new WorldRepository(db);
    await repo.insertWorld('twice', 'm', 't');
    const error = await repo.insertWorld('twice', 'm', 't').catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
    expect(isUniqueViolation(new Error('other'))).toBe(false);
  });

  it.skipIf(skip !== undefined)(
    'stores an image once per content and returns its bytes and thumbnail',
    async () => {
      const db = await fresh();
      const images = new ImageStore(db);
      const bytes = await png(200);
      const prepared = await images.prepare(bytes, 'png', 16, 12);
      expect(await images.insert(prepared)).toBe(ImageStore.idOf(bytes));
      expect(await images.insert(prepared)).toBe(ImageStore.idOf(bytes));
      const count = await db.get<{ n: number }>('SELECT CAST(COUNT(*) AS INTEGER) AS n FROM images');
      expect(count?.n).toBe(1);
      const stored = await images.get(prepared.id);
      expect(stored).toMatchObject({ id: prepared.id, format: 'png', width: 16, height: 12 });
      expect(Buffer.from(must(stored, 'stored image').bytes).equals(Buffer.from(bytes))).toBe(true);
      const thumb = await images.thumbnailDataUrl(prepared.id);
      expect(thumb?.startsWith('data:image/jpeg;base64,')).toBe(true);
      expect(
        (await sharp(Buffer.from(must(thumb, 'thumbnail').split(',')[1], 'base64')).metadata()).width,
      ).toBe(64);
      expect(await images.get('no-such-id')).toBeUndefined();
    },
  );

  it.skipIf(skip !== undefined)(
    'imports bundled samples once and replaces a generated sample by id',
    async () => {
      const db = await fresh();
      const images = new ImageStore(db);
      const samples = new SampleService(db, images);
      const dir = mkdtempSync(path.join(os.tmpdir(), 'cf-samples-'));
      try {
        mkdirSync(path.join(dir, 'x'));
        const manifest = [
          { id: 'x-dog-01', collection: 'x', label: 'dog', file: 'x/dog.png' },
          { id: 'x-cat-01', collection: 'x', label: 'cat', file: 'x/cat.png' },
        ];
        writeFileSync(path.join(dir, 'x', 'dog.png'), await png(10));
        writeFileSync(path.join(dir, 'x', 'cat.png'), await png(20));
        writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
        expect(await samples.importBundled(dir)).toBe(2);
        expect(await samples.importBundled(dir)).toBe(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      await samples.add(
        'fooling-a',
        'cat',
        'fooling',
        'synth:1',
        await images.prepare(await png(30), 'png', 16, 12),
      );
      await samples.add(
        'fooling-a',
        'tabby',
        'fooling',
        'synth:2',
        await images.prepare(await png(40), 'png', 16, 12),
      );
      expect(
        (await samples.list()).map((s) => [s.id, s.label, s.collection, s.source, s.width, s.height]),
      ).toEqual([
        ['fooling-a', 'tabby', 'fooling', 'synth:2', 16, 12],
        ['x-cat-01', 'cat', 'x', 'bundled:x/cat.png', 16, 12],
        ['x-dog-01', 'dog', 'x', 'bundled:x/dog.png', 16, 12],
      ]);
      expect((await samples.list('x')).map((s) => s.id)).toEqual(['x-cat-01', 'x-dog-01']);
      expect(await samples.entries()).toEqual([
        { id: 'fooling-a', label: 'tabby' },
        { id: 'x-cat-01', label: 'cat' },
        { id: 'x-dog-01', label: 'dog' },
      ]);
      const image = await samples.image('x-dog-01');
      expect(image?.image.id).toBe(ImageStore.idOf(await png(10)));
      expect(await samples.image('nope')).toBeUndefined();
    },
  );

  it.skipIf(skip !== undefined)('runs jobs in order, stores progress, outcome and interruption', async () => {
    const db = await fresh();
    const jobs = new JobRunner(db, silent);
    const ok = await jobs.insert(JobKind.CREATE_WORLD, null, 4);
    const bad = await jobs.insert(JobKind.ADD_EXAMPLES, 'w_x', 2);
    expect(await jobs.counts()).toEqual({ queued: 2, running: 0 });
    expect(await jobs.activeForWorld('w_x')).toBe(bad);
    const seen: string[] = [];
    jobs.start(ok, async (report) => {
      report(1, 4, 'one');
      report(3, 4, 'three');
      await new Promise((resolve) => setTimeout(resolve, 5));
      seen.push(`${(await jobs.get(ok))?.done}/${(await jobs.get(ok))?.message}`);
      await jobs.setResultSample(ok, 'sample-1');
      return 'all done';
    });
    let failure: unknown;
    jobs.start(
      bad,
      () => Promise.reject(new RangeError('broken input')),
      (error) => {
        failure = error;
      },
    );
    await jobs.whenIdle();
    expect(seen).toEqual(['3/three']);
    expect(await jobs.get(ok)).toMatchObject({
      status: 'SUCCEEDED',
      done: 4,
      total: 4,
      progress: 1,
      message: 'all done',
      sampleId: 'sample-1',
    });
    expect(await jobs.get(bad)).toMatchObject({
      status: 'FAILED',
      errorCode: 'INTERNAL_ERROR',
      errorMessage: 'broken input',
      worldId: 'w_x',
    });
    expect((failure as Error).message).toBe('broken input');
    expect(await jobs.activeForWorld('w_x')).toBeUndefined();
    // A job left QUEUED by a stop is marked INTERRUPTED on the next start.
    const left = await jobs.insert(JobKind.RESUME_BUILD, null, 1);
    expect(await new JobRunner(db, silent).markInterrupted()).toBe(1);
    expect(await jobs.get(left)).toMatchObject({ status: 'FAILED', errorCode: 'INTERRUPTED' });
    expect(await jobs.get('j_missing')).toBeUndefined();
  });

  it.skipIf(skip !== undefined)('generates the API key once and reads it back', async () => {
    const db = await fresh();
    const first = await resolveApiKey(db, undefined);
    expect(first.generated).toBe(true);
    expect(await resolveApiKey(db, undefined)).toEqual({ key: first.key, generated: false });
  });

  it.skipIf(skip !== undefined)(
    'builds a world tree on a worker thread that writes to this backend',
    async () => {
      const db = await fresh();
      const repo = new WorldRepository(db);
      const [imageId] = await storeImages(new ImageStore(db), 1);
      const id = await repo.insertWorld('blobs', 'm', 'classSpace');
      // Two well-separated 4-d clusters, 10 examples each, on a fixed lattice (no randomness needed).
      const examples = Array.from({ length: 20 }, (_, i) => ({
        imageId,
        sampleId: null,
        label: i < 10 ? 'left' : 'right',
      }));
      await repo.insertExamples(id, examples);
      const pending = await repo.pendingExamples(id);
      await repo.storeActivations(
        pending.map((p, i) => {
          const base = i < 10 ? 0 : 10;
          const j = i % 10;
          return {
            exampleId: p.id,
            activation: new Float32Array([
              base + j * 0.1,
              base - j * 0.05,
              base + (j % 3) * 0.2,
              base + (j % 2) * 0.3,
            ]),
          };
        }),
      );
      const world = must(await repo.find(id), 'world blobs');
      const summary = await buildWorldInWorker(
        { table: await repo.activations(world), name: 'blobs' },
        db,
        id,
      );
      expect(summary.dimensions).toBe(4);
      expect(summary.nodeCount).toBeGreaterThanOrEqual(3);
      const stored = must(await repo.find(id), 'world blobs').tree;
      expect(stored).toEqual(summary);
      const json = await repo.treeJson(id);
      expect(json).not.toBeNull();
      expect(JSON.parse(must(json, 'tree JSON')) as object).toHaveProperty('tree');
    },
  );
});
