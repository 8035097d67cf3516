import { describe, expect, it } from 'vitest';
import { pca2d } from '../src/projection/pca.js';

describe('pca2d', () => {
  it('puts points on a line onto the first axis with the exact variance', () => {
    // Points t·(3, 4) for t = -2..2: direction (0.6, 0.8), coordinates 5t, variance Σ(5t)²/(n−1) = 250/4.
    const ts = [-2, -1, 0, 1, 2];
    const data = new Float32Array(ts.flatMap((t) => [3 * t, 4 * t]));
    const { points, variances } = pca2d(data, 5, 2);
    ts.forEach((t, i) => {
      expect(points[i * 2]).toBeCloseTo(5 * t, 5);
      expect(points[i * 2 + 1]).toBeCloseTo(0, 5);
    });
    expect(variances[0]).toBeCloseTo(62.5, 4);
    expect(variances[1]).toBeCloseTo(0, 6);
  });

  it('orders components by variance and is deterministic', () => {
    // Axis-aligned: x spread ±10, y spread ±1, z constant → PC1 = x, PC2 = y (signs fixed positive).
    const rows = [
      [10, 0, 7],
      [-10, 0, 7],
      [0, 1, 7],
      [0, -1, 7],
    ];
    const data = new Float32Array(rows.flat());
    const a = pca2d(data, 4, 3);
    const b = pca2d(data, 4, 3);
    expect(Array.from(a.points)).toEqual(Array.from(b.points));
    expect(Array.from(a.points).map((v) => Math.round(v * 1e6) / 1e6 + 0)).toEqual([
      10, 0, -10, 0, 0, 1, 0, -1,
    ]);
    expect(a.variances[0]).toBeCloseTo(200 / 3, 6);
    expect(a.variances[1]).toBeCloseTo(2 / 3, 6);
  });
});
