import * as tf from '@tensorflow/tfjs';
import { pointMatrix, silhouetteScore } from '@clusterflow/clusterflow';
import { selectBackend } from '@clusterflow/extractors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  batchHardTripletLoss,
  contrastiveLoss,
  cosineCorelLoss,
  gaussianCorelLoss,
  MetricLearningError,
  silhouetteLoss,
  softmaxCrossEntropyLoss,
} from '../src/index.js';
import { checkGradient, noise, type LossOf } from './losses-gradient-check.js';

const value = (f: () => tf.Scalar): number => tf.tidy(() => f().dataSync()[0]);
const t2 = (rows: number[][]): tf.Tensor2D => tf.tensor2d(rows);

// A batch of 13 points in 3-D: classes 0, 1, 2 with 4, 5 and 3 points, and class 3 once (a singleton).
const N = 13;
const DIM = 3;
const LABELS = Int32Array.from([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 1, 3]);
const CLASSES = 4;

interface Case {
  name: string;
  loss: LossOf;
  /** extra inputs after the embeddings (class parameters), as [rows, cols]. */
  params: [number, number][];
}

const cases: Case[] = [
  { name: 'silhouette', loss: ([e]) => silhouetteLoss(e, LABELS), params: [] },
  { name: 'contrastive', loss: ([e]) => contrastiveLoss(e, LABELS, { margin: 1.5 }), params: [] },
  { name: 'batch-hard triplet', loss: ([e]) => batchHardTripletLoss(e, LABELS, { margin: 0.5 }), params: [] },
  {
    name: 'batch-hard triplet, soft margin',
    loss: ([e]) => batchHardTripletLoss(e, LABELS, { softMargin: true }),
    params: [],
  },
  {
    name: 'cosine-COREL',
    loss: ([e, w]) => cosineCorelLoss(e, LABELS, w, { lambda: 0.4 }),
    params: [[CLASSES, DIM]],
  },
  {
    name: 'gaussian-COREL',
    loss: ([e, w]) => gaussianCorelLoss(e, LABELS, w, { lambda: 0.3, gamma: 0.7 }),
    params: [[CLASSES, DIM]],
  },
  {
    name: 'softmax cross-entropy',
    loss: ([e, w, b]) => softmaxCrossEntropyLoss(e, LABELS, { weights: w, bias: tf.reshape(b, [CLASSES]) }),
    params: [
      [DIM, CLASSES],
      [1, CLASSES],
    ],
  },
];

const measured: string[] = [];

beforeAll(async () => {
  await selectBackend('wasm');
});

afterAll(() => {
  // The gradient-check errors, for the record (the assertions below bound them).
  console.log(measured.join('\n'));
});

describe.each(['cpu', 'wasm'] as const)('gradients match central differences on %s', (backend) => {
  beforeAll(async () => {
    await tf.setBackend(backend);
  });
  for (const c of cases) {
    it(c.name, () => {
      const before = tf.memory().numTensors;
      const inputs = [
        { data: noise(N * DIM, 11), shape: [N, DIM] as [number, number] },
        ...c.params.map((shape, k) => ({ data: noise(shape[0] * shape[1], 20 + k), shape })),
      ];
      const r = checkGradient(c.loss, inputs);
      measured.push(
        `${backend} ${c.name}: relative error ${r.relativeError.toExponential(2)}, max abs ${r.maxAbsError.toExponential(2)}, |g| ${r.gradientNorm.toFixed(3)}`,
      );
      expect(r.gradientNorm).toBeGreaterThan(1e-3);
      expect(r.relativeError).toBeLessThan(5e-3);
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});

describe('known answers, hand-computed', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('silhouette loss of two pairs on a line, with and without a singleton', () => {
    // a = 1 for every point; b = 4.5, 3.5, 3.5, 4.5 → s = 7/9, 5/7, 5/7, 7/9
    const s = (7 / 9 + 5 / 7) / 2;
    expect(value(() => silhouetteLoss(t2([[0], [1], [4], [5]]), Int32Array.from([0, 0, 1, 1])))).toBeCloseTo(
      (1 - s) / 2,
      6,
    );
    // the singleton at 20 scores 0 and counts in the mean: s̄ = (14/9 + 10/7) / 5 = 188/315
    const withSingleton = value(() =>
      silhouetteLoss(t2([[0], [1], [4], [5], [20]]), Int32Array.from([0, 0, 1, 1, 2])),
    );
    expect(withSingleton).toBeCloseTo(127 / 630, 6);
  });

  it('silhouette loss equals (1 − silhouetteScore) / 2 of the clustering core', () => {
    const data = noise(40 * 5, 3);
    const labels = Int32Array.from({ length: 40 }, (_, i) => i % 4);
    const loss = value(() => silhouetteLoss(tf.tensor2d(data, [40, 5]), labels));
    const score = silhouetteScore(pointMatrix(data, 40, 5), labels, { kernel: 'js' });
    expect(Math.abs(loss - (1 - score) / 2)).toBeLessThan(1e-6);
  });

  it('silhouette loss of a one-class batch is 0.5 with a zero gradient', () => {
    const e = t2([
      [0, 1],
      [2, 3],
    ]);
    expect(value(() => silhouetteLoss(e, Int32Array.from([4, 4])))).toBe(0.5);
    const g = tf.grad((x: tf.Tensor) => silhouetteLoss(x as tf.Tensor2D, Int32Array.from([4, 4])))(e);
    expect(Array.from(g.dataSync())).toEqual([0, 0, 0, 0]);
    g.dispose();
    e.dispose();
  });

  it('contrastive loss of three points', () => {
    // same pair D = 3 → 9/2; different pairs D = 4, 5 with m = 6 → (2² + 1²)/2; mean over 3 pairs = 7/3
    const e = [
      [0, 0],
      [3, 0],
      [0, 4],
    ];
    expect(value(() => contrastiveLoss(t2(e), Int32Array.from([0, 0, 1]), { margin: 6 }))).toBeCloseTo(
      7 / 3,
      5,
    );
  });

  it('batch-hard triplet loss of four points, hinge and soft margin', () => {
    // d01 = 3, d02 = 4, d03 = 5, d12 = 5, d13 = √34, d23 = 1; anchors' (hardest positive, hardest negative):
    // (3, 4), (3, 5), (1, 4), (1, 5) → with m = 2.5: 1.5, 0.5, 0, 0 → mean 0.5
    const e = [
      [0, 0],
      [3, 0],
      [0, 4],
      [0, 5],
    ];
    const labels = Int32Array.from([0, 0, 1, 1]);
    expect(value(() => batchHardTripletLoss(t2(e), labels, { margin: 2.5 }))).toBeCloseTo(0.5, 5);
    const soft = [-1, -2, -3, -4].reduce((acc, gap) => acc + Math.log1p(Math.exp(gap)), 0) / 4;
    expect(value(() => batchHardTripletLoss(t2(e), labels, { softMargin: true }))).toBeCloseTo(soft, 6);
  });

  it('Cosine-COREL of two points and three class vectors', () => {
    // h0 = (1,0), class 0: cos to w0 = 1/√2, others 0 and −1 → −½·(1/√2) + ½·0²
    // h1 = (0,2), class 1: cos to w1 = −1, others 1/√2 and 0 → −½·(−1) + ½·(1/√2)²
    const w = t2([
      [1, 1],
      [0, -1],
      [-1, 0],
    ]);
    const h = t2([
      [1, 0],
      [0, 2],
    ]);
    const expected = (-0.5 / Math.SQRT2 + 0.75) / 2;
    expect(value(() => cosineCorelLoss(h, Int32Array.from([0, 1]), w))).toBeCloseTo(expected, 6);
  });

  it('Gaussian-COREL of two points and two centres', () => {
    // γ = ½: h0 = (0,0): F = (0, −2), own 0 → ½·ln(1 + e⁻²); h1 = (1,1): F = (−1, −1), own 1 → ½ + ½(ln 2 − 1)
    const h = t2([
      [0, 0],
      [1, 1],
    ]);
    const w = t2([
      [0, 0],
      [2, 0],
    ]);
    const expected = (0.5 * Math.log1p(Math.exp(-2)) + 0.5 * Math.LN2) / 2;
    expect(value(() => gaussianCorelLoss(h, Int32Array.from([0, 1]), w))).toBeCloseTo(expected, 6);
    // λ = 1 keeps only the attraction: the mean of γ‖h − w_y‖² = (0 + ½·2) / 2
    expect(value(() => gaussianCorelLoss(h, Int32Array.from([0, 1]), w, { lambda: 1 }))).toBeCloseTo(0.5, 6);
  });

  it('softmax cross-entropy of a linear classifier', () => {
    // logits (1, ½) for class 0 and (0, 2½) for class 1 → mean of ln(1 + e^−½) and ln(1 + e^−2½)
    const h = t2([
      [1, 0],
      [0, 1],
    ]);
    const weights = t2([
      [1, 0],
      [0, 2],
    ]);
    const bias = tf.tensor1d([0, 0.5]);
    const expected = (Math.log1p(Math.exp(-0.5)) + Math.log1p(Math.exp(-2.5))) / 2;
    expect(value(() => softmaxCrossEntropyLoss(h, Int32Array.from([0, 1]), { weights, bias }))).toBeCloseTo(
      expected,
      6,
    );
    // tensor labels give the same value
    const labels = tf.tensor1d([0, 1], 'int32');
    expect(value(() => softmaxCrossEntropyLoss(h, labels, { weights, bias }))).toBeCloseTo(expected, 6);
    tf.dispose([h, weights, bias, labels]);
  });
});

describe('bad input', () => {
  it('names the problem', () => {
    const e = tf.zeros([3, 2]) as tf.Tensor2D;
    const w = tf.zeros([2, 2]) as tf.Tensor2D;
    const three = Int32Array.from([0, 1, 0]);
    expect(() => silhouetteLoss(e, Int32Array.from([0, 1]))).toThrow(/2 labels for 3 embeddings/);
    expect(() => silhouetteLoss(tf.zeros([0, 2]) as tf.Tensor2D, new Int32Array(0))).toThrow(/empty/);
    expect(() => contrastiveLoss(e, three, { margin: 0 })).toThrow(/margin must be a finite number > 0/);
    expect(() => batchHardTripletLoss(e, three, { margin: Number.NaN })).toThrow(MetricLearningError);
    expect(() => cosineCorelLoss(e, Int32Array.from([0, 1, 2]), w)).toThrow(/labels must be in 0..1/);
    expect(() => cosineCorelLoss(e, three, w, { lambda: 1.5 })).toThrow(/lambda/);
    expect(() => gaussianCorelLoss(e, three, tf.zeros([2, 3]) as tf.Tensor2D)).toThrow(
      /class vectors must be/,
    );
    expect(() => gaussianCorelLoss(e, three, w, { gamma: 0 })).toThrow(/gamma/);
    expect(() => softmaxCrossEntropyLoss(e, three, { weights: tf.zeros([3, 2]) as tf.Tensor2D })).toThrow(
      /weights must be \[2, classes/,
    );
    expect(() => silhouetteLoss(e, tf.tensor1d([0, 0.5, 1]))).toThrow(/integers/);
    expect(() => silhouetteLoss(e, Int32Array.from([0]))).toThrow(
      expect.objectContaining({ name: 'MetricLearningError', code: 'INVALID_INPUT' }),
    );
  });
});
