import { copyFile, mkdir, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractFolder } from '../src/batch/extract-folder.js';
import { createExtractor, type Extractor } from '../src/extractor.js';
import { ExtractorError } from '../src/errors/extractor-error.js';
import { registerModel, getModel } from '../src/model/model-registry.js';
import { createExtractorPool, type ExtractorPool } from '../src/parallel/extractor-pool.js';

const fixture = (name: string): string => new URL(`./fixtures/${name}`, import.meta.url).pathname;
const files = ['china.jpg', 'flower.jpg', 'grace_hopper.jpg', 'china.jpg', 'flower.jpg'].map(fixture);

let pool: ExtractorPool;
let single: Extractor;
beforeAll(async () => {
  [pool, single] = await Promise.all([createExtractorPool({ workers: 2 }), createExtractor()]);
});
afterAll(() => {
  pool.dispose();
  single.dispose();
});

describe('ExtractorPool (child processes, one wasm backend each)', () => {
  it('gives exactly the single-process activations, in input order, across workers', async () => {
    const taps = ['classSpace' as const, 'penultimate' as const];
    const [fromPool, fromOne] = await Promise.all([
      pool.extract(files, { taps, batchSize: 2 }),
      single.extract(files, { taps, batchSize: 2 }),
    ]);
    for (const key of ['classSpace', 'penultimate']) {
      expect([fromPool[key].rows, fromPool[key].cols]).toEqual([fromOne[key].rows, fromOne[key].cols]);
      expect(Buffer.from(fromPool[key].data.buffer).equals(Buffer.from(fromOne[key].data.buffer))).toBe(true);
    }
  });

  it('a bad image reports its typed error from the worker', async () => {
    const error = await pool.extract([fixture('README.md')]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExtractorError);
    expect((error as ExtractorError).code).toBe('NOT_AN_IMAGE');
  });

  it('drives extractFolder with decoding here and forward passes in the workers', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pool-'));
    for (const kind of ['a', 'b']) {
      await mkdir(path.join(dir, 'in', kind), { recursive: true });
      for (const name of ['china.jpg', 'flower.jpg', 'grace_hopper.jpg']) {
        await copyFile(fixture(name), path.join(dir, 'in', kind, name));
      }
    }
    const input = path.join(dir, 'in');
    const viaPool = await extractFolder(pool, input, { output: path.join(dir, 'p.arrow'), batchSize: 2 });
    const viaOne = await extractFolder(single, input, { output: path.join(dir, 's.arrow'), batchSize: 2 });
    expect(viaPool.table.ids).toEqual(viaOne.table.ids);
    expect(viaPool.table.rows).toBe(6);
    expect(Buffer.from(viaPool.table.data.buffer).equals(Buffer.from(viaOne.table.data.buffer))).toBe(true);
  });

  it('refuses a model whose loader cannot be sent to a child process', async () => {
    const darknet = getModel('darknet-tiny');
    registerModel({ ...darknet, name: 'in-memory-only', load: () => darknet.load() });
    const error = await createExtractorPool({ model: 'in-memory-only', workers: 1 }).catch((e: unknown) => e);
    expect((error as ExtractorError).code).toBe('INVALID_ARGUMENT');
    expect((error as ExtractorError).message).toMatch(/registerModelFrom/);
  });
});
