import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DDC,
  DdcModel,
  ensureBackend,
  isDeepClusteringError,
  loadMnist,
  type Dataset,
} from '../src/index.js';

let digits: Dataset;
let dir: string;
const small = { k: 3, variant: 'fc', hiddenUnits: [32, 16], batchSize: 50, learningRate: 1e-3 } as const;

beforeAll(async () => {
  await ensureBackend('wasm');
  const all = await loadMnist({ subset: 'test', limit: 600 });
  // Real digits 0, 1 and 7: 3 clusters, few enough rows for fast tests.
  const keep: number[] = [];
  all.labels.forEach((l, i) => {
    if ((l === 0 || l === 1 || l === 7) && keep.length < 150) keep.push(i);
  });
  const data = new Float32Array(keep.length * 784);
  keep.forEach((r, i) => data.set(all.data.subarray(r * 784, (r + 1) * 784), i * 784));
  digits = { ...all, data, rows: keep.length, labels: Int32Array.from(keep, (r) => all.labels[r]) };
  dir = await mkdtemp(path.join(os.tmpdir(), 'ddc-test-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const weightsOf = async (model: DdcModel, file: string): Promise<Float32Array> => {
  await model.save(file);
  return model.predictProba(digits);
};

describe('DDC', () => {
  it('is seeded: the same seed gives the same model, another seed another one; no tensor leaks', async () => {
    const before = tf.memory().numTensors;
    const a = await new DDC({ ...small, epochs: 2, seed: 7 }).fit(digits);
    const b = await new DDC({ ...small, epochs: 2, seed: 7 }).fit(digits);
    const c = await new DDC({ ...small, epochs: 2, seed: 8 }).fit(digits);
    expect(a.predictProba(digits)).toEqual(b.predictProba(digits));
    expect(a.predictProba(digits)).not.toEqual(c.predictProba(digits));
    expect(a.history.map((h) => h.loss)).toEqual(b.history.map((h) => h.loss));
    for (const m of [a, b, c]) m.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('lowers its loss while training and finds the three digits better than chance', async () => {
    const model = await new DDC({ ...small, epochs: 15, seed: 1 }).fit(digits, {
      monitorLabels: digits.labels,
    });
    const h = model.history;
    expect(h[h.length - 1].loss).toBeLessThan(h[0].loss);
    // Chance level for ACC is the largest class's share (all rows in one cluster).
    const shares = [0, 1, 7].map((d) => digits.labels.filter((l) => l === d).length / digits.rows);
    expect(h[h.length - 1].accuracy).toBeGreaterThan(Math.max(...shares) + 0.15);
    const predicted = model.predict(digits);
    expect(new Set(predicted).size).toBeGreaterThan(1);
    expect(model.transform(digits).length).toBe(digits.rows * 16);
    model.dispose();
  });

  it('saves and loads a model that predicts the same', async () => {
    const model = await new DDC({ ...small, epochs: 1, seed: 2 }).fit(digits);
    const file = path.join(dir, 'model.ddc');
    const proba = await weightsOf(model, file);
    const loaded = await DdcModel.load(file);
    expect(loaded.predictProba(digits)).toEqual(proba);
    expect(loaded.loss(digits)).toBeCloseTo(model.loss(digits), 6);
    model.dispose();
    loaded.dispose();
    expect(() => loaded.predict(digits)).toThrow(/disposed/);
  });

  it('resumes a killed run to exactly the result of an uninterrupted one', async () => {
    const before = tf.memory().numTensors;
    const straight = await new DDC({ ...small, epochs: 3, seed: 3 }).fit(digits);
    const file = path.join(dir, 'run.ckpt');
    // Simulate a kill after epoch 2: the checkpoint of epoch 2 is on disk when the callback throws.
    await expect(
      new DDC({ ...small, epochs: 3, seed: 3 }).fit(digits, {
        checkpointPath: file,
        onEpoch: (e) => {
          if (e.epoch === 2) throw new Error('killed');
        },
      }),
    ).rejects.toThrow('killed');
    const resumed = await new DDC({ ...small, epochs: 3, seed: 3 }).fit(digits, { resumeFrom: file });
    expect(resumed.history.length).toBe(3);
    expect(resumed.predictProba(digits)).toEqual(straight.predictProba(digits));
    expect(resumed.predict(digits)).toEqual(straight.predict(digits));
    expect(resumed.history.map((h) => h.loss)).toEqual(straight.history.map((h) => h.loss));
    const a = path.join(dir, 'a.ddc');
    const b = path.join(dir, 'b.ddc');
    await straight.save(a);
    await resumed.save(b);
    const [wa, wb] = await Promise.all([DdcModel.load(a), DdcModel.load(b)]);
    expect(wa.transform(digits)).toEqual(wb.transform(digits));
    for (const m of [wa, wb, straight]) m.dispose();
    resumed.dispose();
    // The killed run freed its tensors too.
    expect(tf.memory().numTensors).toBe(before);
    // No temporary files are left next to the checkpoint.
    expect((await readdir(dir)).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('refuses a checkpoint from another architecture, naming the difference', async () => {
    const file = path.join(dir, 'other.ckpt');
    const model = await new DDC({ ...small, epochs: 1, seed: 4 }).fit(digits, { checkpointPath: file });
    model.dispose();
    const error = await new DDC({ ...small, hiddenUnits: [32, 8], epochs: 2 })
      .fit(digits, { resumeFrom: file })
      .catch((e: unknown) => e);
    expect(isDeepClusteringError(error, 'CHECKPOINT_MISMATCH')).toBe(true);
    expect((error as Error).message).toMatch(/hiddenUnits is \[32,16\] there but \[32,8\] here/);
    const k4 = await new DDC({ ...small, k: 4, epochs: 2 })
      .fit(digits, { resumeFrom: file })
      .catch((e: unknown) => e);
    expect((k4 as Error).message).toMatch(/k is 3 there but 4 here/);
    const junk = path.join(dir, 'junk.ckpt');
    await writeFile(junk, 'not a checkpoint');
    const bad = await DdcModel.load(junk).catch((e: unknown) => e);
    expect(isDeepClusteringError(bad, 'CHECKPOINT_UNREADABLE')).toBe(true);
  });

  it('rejects bad input with typed errors that name the problem', async () => {
    const fit = (data: Float32Array, rows: number, cols: number, k = 3): Promise<unknown> =>
      new DDC({ ...small, k, epochs: 1 }).fit({ data, rows, cols }).catch((e: unknown) => e);
    const empty = await fit(new Float32Array(0), 0, 4);
    expect(isDeepClusteringError(empty, 'EMPTY_DATA')).toBe(true);
    const nan = Float32Array.from({ length: 40 }, (_, i) => i);
    nan[13] = NaN;
    const e1 = await fit(nan, 10, 4);
    expect(isDeepClusteringError(e1, 'NON_FINITE')).toBe(true);
    expect((e1 as Error).message).toMatch(/row 3 column 1 is NaN/);
    const inf = Float32Array.from({ length: 40 }, () => 1);
    inf[0] = Infinity;
    expect((await fit(inf, 10, 4)) as Error).toHaveProperty('code', 'NON_FINITE');
    const ok = Float32Array.from({ length: 40 }, (_, i) => Math.sin(i));
    expect(await fit(ok, 10, 4, 11)).toHaveProperty('code', 'BAD_K');
    expect(() => new DDC({ k: 1 })).toThrow(/k must be an integer ≥ 2/);
    expect(await fit(ok, 10, 3)).toHaveProperty('code', 'DIMENSION_MISMATCH');
    const model = await new DDC({ ...small, epochs: 1 }).fit(digits);
    expect(() => model.predict({ data: ok, rows: 10, cols: 4 })).toThrow(
      /trained on rows of 784 values; the input has 4/,
    );
    model.dispose();
    const conv = await new DDC({ k: 3, variant: 'conv' })
      .fit({ data: ok, rows: 10, cols: 4 })
      .catch((e: unknown) => e);
    expect(conv).toHaveProperty('code', 'BAD_OPTION');
  });
});
