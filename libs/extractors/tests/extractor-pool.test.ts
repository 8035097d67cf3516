import { copyFile, mkdir, mkdtemp, readFile } from 'node:fs/promises';
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

  it('extractEncoded decodes in the worker: the single-process rows, a bad image failing alone with zero rows', async () => {
    const bytes = await Promise.all(files.slice(0, 3).map((f) => readFile(f)));
    const truncated = bytes[1].subarray(0, 2000);
    const taps = ['classSpace' as const];
    const { result, failed } = await pool.extractEncoded([bytes[0], truncated, bytes[2]], taps);
    const reference = await single.extract([files[0], files[2]], { taps });
    const m = result['classSpace'];
    expect([m.rows, m.cols]).toEqual([3, reference['classSpace'].cols]);
    const cols = m.cols;
    // Rows 0 and 2 are the images the single extractor saw as its rows 0 and 1 (another batch: float rounding).
    const maxDiff = (x: Float32Array, y: Float32Array): number =>
      x.reduce((worst, v, i) => Math.max(worst, Math.abs(v - y[i])), 0);
    const ref = reference['classSpace'].data;
    expect(maxDiff(m.data.slice(0, cols), ref.slice(0, cols))).toBeLessThan(1e-3);
    expect(maxDiff(m.data.slice(2 * cols, 3 * cols), ref.slice(cols, 2 * cols))).toBeLessThan(1e-3);
    expect(Array.from(m.data.slice(cols, 2 * cols)).every((v) => v === 0)).toBe(true);
    expect(failed.map((f) => [f.index, f.code])).toEqual([[1, 'TRUNCATED_IMAGE']]);
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
