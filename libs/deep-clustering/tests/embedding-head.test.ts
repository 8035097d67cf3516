import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { pointMatrix, silhouetteScore } from '@clusterflow/clusterflow';
import { describe, expect, it } from 'vitest';
import {
  EmbeddingHead,
  MetricLearningError,
  trainEmbeddingHead,
  type EmbeddingLossName,
  type SavedEmbeddingHead,
} from '../src/index.js';
import { noise } from './losses-gradient-check.js';

/** Three Gaussian-ish blobs in 8-D (centres ±2 on different axes, uniform noise ±1), 20 points each. */
function blobs(seed: number): { features: Float32Array[]; labels: number[] } {
  const features: Float32Array[] = [];
  const labels: number[] = [];
  const jitter = noise(60 * 8, seed);
  for (let i = 0; i < 60; i++) {
    const c = i % 3;
    const row = jitter.slice(i * 8, (i + 1) * 8);
    row[c] += 2;
    row[c + 3] -= 2;
    features.push(row);
    labels.push(c);
  }
  return { features, labels };
}

const small = { epochs: 4, hidden: [16], dim: 4, backend: 'wasm' as const };

describe('trainEmbeddingHead', () => {
  it('same seed → same weights; another seed → other weights', async () => {
    const { features, labels } = blobs(1);
    const a = await trainEmbeddingHead({ features, labels, ...small, seed: 5 });
    const b = await trainEmbeddingHead({ features, labels, ...small, seed: 5 });
    const c = await trainEmbeddingHead({ features, labels, ...small, seed: 6 });
    expect(Array.from(a.save().weights)).toEqual(Array.from(b.save().weights));
    expect(Array.from(a.save().weights)).not.toEqual(Array.from(c.save().weights));
    expect(a.history).toEqual(b.history);
    [a, b, c].forEach((h) => h.dispose());
  });

  it('reports each epoch, leaves no tensors behind and embeds to dim', async () => {
    const { features, labels } = blobs(2);
    await tf.setBackend('wasm');
    const before = tf.memory().numTensors;
    const epochs: number[] = [];
    const losses: number[] = [];
    const head = await trainEmbeddingHead({
      features,
      labels,
      ...small,
      onEpoch: (p) => {
        epochs.push(p.epoch);
        losses.push(p.loss);
        expect(p.epochs).toBe(4);
      },
    });
    expect(epochs).toEqual([1, 2, 3, 4]);
    expect(head.history).toEqual(losses);
    const out = head.transform(features);
    expect(out).toHaveLength(60);
    expect(out[0]).toHaveLength(4);
    expect(head.classes).toEqual([0, 1, 2]);
    head.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(() => head.transform(features)).toThrow(/disposed/);
  });

  it.each([
    'silhouette',
    'contrastive',
    'batch-hard-triplet',
    'cosine-corel',
    'gaussian-corel',
    'softmax',
  ] as EmbeddingLossName[])('trains with the %s loss (loss goes down)', async (loss) => {
    const { features, labels } = blobs(3);
    const head = await trainEmbeddingHead({
      features,
      labels,
      loss,
      ...small,
      epochs: 15,
      learningRate: 3e-3,
    });
    expect(head.history.at(-1)).toBeLessThan(head.history[0]);
    const out = head.transform(features);
    if (loss === 'contrastive' || loss === 'batch-hard-triplet' || loss === 'cosine-corel') {
      // L2-normalised by default for these losses
      for (const row of out) expect(Math.hypot(...row)).toBeCloseTo(1, 5);
    }
    head.dispose();
  });

  it('save → JSON + bytes → load embeds bit-for-bit the same', async () => {
    const { features, labels } = blobs(4);
    const head = await trainEmbeddingHead({
      features,
      labels: labels.map((l) => `class-${l}`),
      loss: { name: 'batch-hard-triplet', margin: 0.3 },
      ...small,
    });
    const saved = head.save();
    const json = JSON.stringify(saved.manifest);
    // the weights as bytes at an odd offset, as a file read into a pooled Buffer can be
    const bytes = new Uint8Array(saved.weights.byteLength + 3);
    bytes.set(new Uint8Array(saved.weights.buffer, saved.weights.byteOffset, saved.weights.byteLength), 3);
    const loaded = EmbeddingHead.load({
      manifest: JSON.parse(json) as SavedEmbeddingHead['manifest'],
      weights: bytes.subarray(3),
    });
    expect(loaded.transform(features).map((r) => Array.from(r))).toEqual(
      head.transform(features).map((r) => Array.from(r)),
    );
    expect(loaded.classes).toEqual(['class-0', 'class-1', 'class-2']);
    expect(loaded.save().manifest).toEqual(saved.manifest);
    expect(Array.from(loaded.save().weights)).toEqual(Array.from(saved.weights));
    expect(() => EmbeddingHead.load({ ...saved, weights: saved.weights.subarray(1) })).toThrow(
      /weights hold .* values but the manifest describes/,
    );
    expect(() =>
      EmbeddingHead.load({
        ...saved,
        manifest: { ...saved.manifest, format: 'other' as 'clusterflow-embedding-head' },
      }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_FORMAT' }));
    expect(() => EmbeddingHead.load({ ...saved, manifest: { ...saved.manifest, version: 2 } })).toThrow(
      /version 2/,
    );
    expect(() => EmbeddingHead.load({ ...saved, manifest: { ...saved.manifest, hidden: [15] } })).toThrow(
      /dense0\/kernel" should be \[8, 15\]/,
    );
    expect(() => loaded.transform([new Float32Array(7)])).toThrow(/trained on 8/);
    head.dispose();
    loaded.dispose();
  });

  it('rejects bad input with errors that name the problem', async () => {
    const { features, labels } = blobs(5);
    const bad = async (options: Partial<Parameters<typeof trainEmbeddingHead>[0]>, message: RegExp) => {
      await expect(trainEmbeddingHead({ features, labels, ...small, ...options })).rejects.toThrow(message);
    };
    await bad({ features: [], labels: [] }, /no data/);
    const withNaN = features.map((r) => r.slice());
    withNaN[7][2] = Number.NaN;
    await bad({ features: withNaN }, /row 7, column 2 is NaN/);
    const withInf = features.map((r) => r.slice());
    withInf[3][0] = Infinity;
    await bad({ features: withInf }, /row 3, column 0 is Infinity/);
    await bad({ features: [...features.slice(0, 59), new Float32Array(5)] }, /row 59 has 5 values/);
    await bad({ labels: labels.slice(1) }, /59 labels for 60 rows/);
    await bad({ labels: labels.map(() => 1) }, /at least 2 classes/);
    await bad({ dim: 0 }, /dim must be an integer >= 1/);
    await bad({ hidden: [8, 2.5] }, /hidden\[1\]/);
    await bad({ loss: 'nope' as EmbeddingLossName }, /unknown loss "nope"/);
    await bad({ learningRate: -1 }, /learningRate/);
    await expect(trainEmbeddingHead({ features, labels, ...small, dim: 0 })).rejects.toBeInstanceOf(
      MetricLearningError,
    );
  });
});

describe('on real digits (the mnist package: 10,000 MNIST test digits)', () => {
  it('the silhouette head separates held-out digits better than the raw pixels', async () => {
    const dir = path.join(path.dirname(createRequire(import.meta.url).resolve('mnist')), 'digits');
    const perClass = 100;
    const train: Float32Array[] = [];
    const trainY: number[] = [];
    const test: Float32Array[] = [];
    const testY: number[] = [];
    for (let d = 0; d < 10; d++) {
      const flat = (JSON.parse(readFileSync(path.join(dir, `${d}.json`), 'utf8')) as { data: number[] }).data;
      // the first 100 of each digit train, the next 100 are held out
      for (let i = 0; i < 2 * perClass; i++) {
        const row = Float32Array.from(flat.slice(i * 784, (i + 1) * 784));
        (i < perClass ? train : test).push(row);
        (i < perClass ? trainY : testY).push(d);
      }
    }
    const silhouette = (rows: Float32Array[]): number => {
      const m = new Float32Array(rows.length * rows[0].length);
      rows.forEach((r, i) => m.set(r, i * r.length));
      return silhouetteScore(pointMatrix(m, rows.length, rows[0].length), testY);
    };
    const head = await trainEmbeddingHead({ features: train, labels: trainY, dim: 16, epochs: 10, seed: 1 });
    const raw = silhouette(test);
    const embedded = silhouette(head.transform(test));
    console.log(
      `MNIST held-out silhouette: raw pixels ${raw.toFixed(4)}, silhouette head ${embedded.toFixed(4)}`,
    );
    expect(embedded).toBeGreaterThan(raw + 0.1);
    head.dispose();
  });
});
