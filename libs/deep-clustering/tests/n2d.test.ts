import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { clusteringAccuracy } from '@clusterflow/clusterflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DDC,
  N2D,
  N2DModel,
  SeededRng,
  ensureBackend,
  isDeepClusteringError,
  type DdcInput,
} from '../src/index.js';

const COLS = 16;
/** Three separable classes in 16-D: each class lights up its own block of dimensions, plus noise. */
function separable(seed: number): DdcInput & { labels: Int32Array } {
  const rng = SeededRng.fromSeed(seed);
  const rows = 120;
  const data = new Float32Array(rows * COLS);
  const labels = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    const c = r % 3;
    labels[r] = c;
    for (let j = 0; j < COLS; j++) {
      const on = j >= c * 5 && j < c * 5 + 5 ? 1 : 0;
      data[r * COLS + j] = on + 0.1 * rng.normal();
    }
  }
  return { data, rows, cols: COLS, labels };
}

const small = {
  k: 3,
  hiddenUnits: [32, 16],
  batchSize: 32,
  learningRate: 3e-3,
  umapNeighbors: 10,
  umapEpochs: 100,
} as const;
let dir: string;
const input = separable(1);

beforeAll(async () => {
  await ensureBackend('wasm');
  dir = await mkdtemp(path.join(os.tmpdir(), 'n2d-test-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('N2D', () => {
  it('finds three separable classes, seed-deterministically, and frees its tensors', async () => {
    const before = tf.memory().numTensors;
    const a = await new N2D({ ...small, epochs: 15, seed: 3 }).fit(input);
    const b = await new N2D({ ...small, epochs: 15, seed: 3 }).fit(input);
    expect(clusteringAccuracy(input.labels, a.assignments)).toBe(1);
    expect(a.assignments).toEqual(b.assignments);
    expect(a.embedding).toEqual(b.embedding);
    expect(a.history.map((h) => h.loss)).toEqual(b.history.map((h) => h.loss));
    expect(a.history[a.history.length - 1].loss).toBeLessThan(a.history[0].loss);
    expect(a.embedding.length).toBe(input.rows * 3);
    a.dispose();
    b.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('resumes a checkpoint to the same model as an uninterrupted run; save/load keeps predictions', async () => {
    const whole = await new N2D({ ...small, epochs: 4, seed: 2 }).fit(input);
    const ckpt = path.join(dir, 'n2d.ckpt');
    const first = await new N2D({ ...small, epochs: 2, seed: 2 }).fit(input, { checkpointPath: ckpt });
    first.dispose();
    const resumed = await new N2D({ ...small, epochs: 4, seed: 2 }).fit(input, {
      resumeFrom: ckpt,
      checkpointPath: ckpt,
    });
    expect(resumed.history.map((h) => h.loss)).toEqual(whole.history.map((h) => h.loss));
    expect(resumed.encode(input)).toEqual(whole.encode(input));
    expect(resumed.assignments).toEqual(whole.assignments);

    const file = path.join(dir, 'model.n2d');
    await whole.save(file);
    const loaded = await N2DModel.load(file);
    expect(loaded.assignments).toEqual(whole.assignments);
    expect(loaded.predict(input)).toEqual(whole.predict(input));
    // New rows are placed by their nearest training codes: the training rows land in their own clusters.
    const agree = whole.predict(input).filter((c, i) => c === whole.assignments[i]).length;
    expect(agree / input.rows).toBeGreaterThanOrEqual(0.98);
    for (const m of [whole, resumed, loaded]) m.dispose();
    expect(() => loaded.predict(input)).toThrow(/disposed/);
  });

  it('rejects bad input and foreign checkpoints with typed errors', async () => {
    expect(() => new N2D({ k: 1 })).toThrow(/k must be an integer ≥ 2, got 1/);
    const code = async (run: () => Promise<unknown>): Promise<string> => {
      try {
        await run();
        return 'no error';
      } catch (error) {
        return isDeepClusteringError(error) ? `${error.code}: ${error.message}` : String(error);
      }
    };
    expect(await code(() => new N2D({ ...small, k: 500 }).fit(input))).toMatch(/^BAD_K: k = 500 exceeds/);
    const nan = Float32Array.from(input.data);
    nan[5 * COLS + 2] = NaN;
    expect(await code(() => new N2D(small).fit({ ...input, data: nan }))).toMatch(
      /^NON_FINITE: data row 5 column 2 is NaN/,
    );
    const few = { data: input.data.subarray(0, 8 * COLS), rows: 8, cols: COLS };
    expect(await code(() => new N2D(small).fit(few))).toMatch(/^BAD_OPTION: UMAP needs more rows/);
    const ddcCkpt = path.join(dir, 'ddc.ckpt');
    const ddc = await new DDC({ k: 3, variant: 'fc', hiddenUnits: [8], epochs: 1 }).fit(input, {
      checkpointPath: ddcCkpt,
    });
    ddc.dispose();
    expect(await code(() => new N2D({ ...small, epochs: 2 }).fit(input, { resumeFrom: ddcCkpt }))).toMatch(
      /^CHECKPOINT_MISMATCH: .* is not an N2D training checkpoint/,
    );
    const otherCkpt = path.join(dir, 'other.ckpt');
    (await new N2D({ ...small, epochs: 1 }).fit(input, { checkpointPath: otherCkpt })).dispose();
    expect(
      await code(() =>
        new N2D({ ...small, hiddenUnits: [32, 8], epochs: 2 }).fit(input, { resumeFrom: otherCkpt }),
      ),
    ).toMatch(/^CHECKPOINT_MISMATCH: .*hiddenUnits is \[32,16\] there but \[32,8\] here/);
  });
});
