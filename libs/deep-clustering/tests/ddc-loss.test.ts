import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ddcLoss, medianOffDiagonal } from '../src/index.js';

/** The paper's eqs. (2)–(4) written out with plain loops, in float64: the reference the tensor code must match. */
function referenceLoss(h: number[][], a: number[][], sigma: number, scaling: 'pairs' | 'paper'): number[] {
  const n = h.length;
  const k = a[0].length;
  const kernel = h.map((hi) =>
    h.map((hj) => Math.exp(-hi.reduce((s, v, d) => s + (v - hj[d]) ** 2, 0) / (2 * sigma * sigma))),
  );
  const dcs = (alpha: number[][]): number => {
    const inner = (i: number, j: number): number => {
      let s = 0;
      for (let q = 0; q < n; q++) for (let l = 0; l < n; l++) s += alpha[q][i] * alpha[l][j] * kernel[q][l];
      return s;
    };
    let sum = 0;
    for (let i = 0; i < k; i++)
      for (let j = i + 1; j < k; j++) sum += inner(i, j) / Math.sqrt(inner(i, i) * inner(j, j));
    return scaling === 'pairs' ? sum / ((k * (k - 1)) / 2) : sum / k;
  };
  let triu = 0;
  for (let q = 0; q < n; q++)
    for (let l = q + 1; l < n; l++) triu += a[q].reduce((s, v, c) => s + v * a[l][c], 0);
  const l2 = scaling === 'pairs' ? triu / ((n * (n - 1)) / 2) : triu;
  const m = a.map((aq) =>
    aq.map((_, i) => Math.exp(-aq.reduce((s, v, c) => s + (v - (c === i ? 1 : 0)) ** 2, 0))),
  );
  const l1 = dcs(a);
  const l3 = dcs(m);
  return [l1 + l2 + l3, l1, l2, l3];
}

const hidden = [
  [0.1, 1.2, -0.3],
  [0.2, 1.0, -0.1],
  [2.0, -0.5, 0.7],
  [1.8, -0.4, 0.9],
  [0.9, 0.3, 0.2],
];
const assign = [
  [0.7, 0.2, 0.1],
  [0.6, 0.3, 0.1],
  [0.1, 0.1, 0.8],
  [0.2, 0.1, 0.7],
  [0.3, 0.4, 0.3],
];

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('ddcLoss', () => {
  it.each(['pairs', 'paper'] as const)('equals the paper’s formulas written out (%s scaling)', (scaling) => {
    const terms = ddcLoss(tf.tensor2d(hidden), tf.tensor2d(assign), { sigma: 0.8, scaling });
    const got = [terms.loss, terms.l1, terms.l2, terms.l3].map((t) => t.dataSync()[0]);
    const want = referenceLoss(hidden, assign, 0.8, scaling);
    got.forEach((g, i) => expect(g).toBeCloseTo(want[i], 5));
  });

  it('uses σ = 0.15 × the median pairwise distance of the batch', () => {
    const d: number[] = [];
    for (let i = 0; i < hidden.length; i++)
      for (let j = i + 1; j < hidden.length; j++)
        d.push(Math.hypot(...hidden[i].map((v, c) => v - hidden[j][c])));
    d.sort((x, y) => x - y);
    const median = (d[4] + d[5]) / 2; // 10 pairs
    const terms = ddcLoss(tf.tensor2d(hidden), tf.tensor2d(assign));
    expect(terms.sigma).toBeCloseTo(0.15 * median, 5);
    expect(terms.loss.dataSync()[0]).toBeCloseTo(referenceLoss(hidden, assign, 0.15 * median, 'pairs')[0], 5);
  });

  it('medianOffDiagonal takes the strict upper triangle', () => {
    // 3×3: upper entries 5, 1, 3 → median 3 (diagonal and lower triangle ignored).
    expect(medianOffDiagonal(Float32Array.from([0, 5, 1, 9, 0, 3, 9, 9, 0]), 3)).toBe(3);
  });

  it('is 0 for the cross terms of perfectly separated one-hot clusters', () => {
    const h = [
      [0, 0],
      [0, 0.01],
      [10, 10],
      [10, 10.01],
    ];
    const a = [
      [1, 0],
      [1, 0],
      [0, 1],
      [0, 1],
    ];
    const t = ddcLoss(tf.tensor2d(h), tf.tensor2d(a), { sigma: 1 });
    expect(t.l1.dataSync()[0]).toBeLessThan(1e-6);
    expect(t.l2.dataSync()[0]).toBeCloseTo(2 / 6, 6); // two same-cluster pairs of six, inner product 1
  });

  it('has the gradient finite differences give (w.r.t. hidden rows and softmax logits, σ fixed)', () => {
    const logits0 = assign.map((r) => r.map((v) => Math.log(v)));
    const f = (h: tf.Tensor2D, z: tf.Tensor2D): tf.Scalar => {
      const t = ddcLoss(h, tf.softmax(z), { sigma: 0.8 });
      return t.loss;
    };
    const h = tf.tensor2d(hidden);
    const z = tf.tensor2d(logits0);
    const [gh, gz] = tf.grads((a: tf.Tensor, b: tf.Tensor) => f(a as tf.Tensor2D, b as tf.Tensor2D))([h, z]);
    const check = (base: number[][], grad: Float32Array, which: 0 | 1): void => {
      const step = 1e-3;
      base.forEach((row, i) =>
        row.forEach((_, j) => {
          const plus = base.map((r) => [...r]);
          const minus = base.map((r) => [...r]);
          plus[i][j] += step;
          minus[i][j] -= step;
          const ev = (m: number[][]): number =>
            tf.tidy(() =>
              which === 0 ? f(tf.tensor2d(m), z).dataSync()[0] : f(h, tf.tensor2d(m)).dataSync()[0],
            );
          const fd = (ev(plus) - ev(minus)) / (2 * step);
          expect(Math.abs(grad[i * row.length + j] - fd)).toBeLessThan(2e-3 + 2e-2 * Math.abs(fd));
        }),
      );
    };
    check(hidden, gh.dataSync() as Float32Array, 0);
    check(logits0, gz.dataSync() as Float32Array, 1);
    const norm = Math.hypot(...(gz.dataSync() as Float32Array));
    expect(norm).toBeGreaterThan(1e-3);
  });

  it('rejects a batch of one row', () => {
    expect(() => ddcLoss(tf.tensor2d([[1, 2]]), tf.tensor2d([[0.5, 0.5]]))).toThrow(/≥ 2 rows/);
  });
});
