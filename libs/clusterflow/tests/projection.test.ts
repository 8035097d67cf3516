import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fitPca, fromRows, InvalidInputError, pointMatrix, transformPca } from '../src/index.js';

interface PcaFixture {
  rows: number;
  cols: number;
  components: number;
  data: number[];
  unseen: number[];
  mean: number[];
  directions: number[];
  variances: number[];
  fitted: number[];
  transformedUnseen: number[];
}
const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/pca-fixtures.json', import.meta.url), 'utf8'),
) as PcaFixture;

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

describe('fitPca / transformPca, hand-computed', () => {
  it('puts points on a line onto the first axis with the exact variance', () => {
    // Points t·(3, 4) for t = -2..2: direction (0.6, 0.8), coordinates 5t, variance Σ(5t)²/(n−1) = 250/4.
    const ts = [-2, -1, 0, 1, 2];
    const points = pointMatrix(new Float32Array(ts.flatMap((t) => [3 * t, 4 * t])), 5, 2);
    const model = fitPca(points);
    const xy = transformPca(model, points);
    expect(xy.rows).toBe(5);
    expect(xy.cols).toBe(2);
    ts.forEach((t, i) => {
      expect(xy.data[i * 2]).toBeCloseTo(5 * t, 5);
      expect(xy.data[i * 2 + 1]).toBeCloseTo(0, 5);
    });
    expect(model.components[0]).toBeCloseTo(0.6, 6);
    expect(model.components[1]).toBeCloseTo(0.8, 6);
    expect(model.variances[0]).toBeCloseTo(62.5, 4);
    expect(model.variances[1]).toBeCloseTo(0, 6);
  });

  it('orders components by variance, fixes their signs and is deterministic', () => {
    // Axis-aligned: x spread ±10, y spread ±1, z constant → PC1 = x, PC2 = y (signs fixed positive).
    const points = fromRows([
      [10, 0, 7],
      [-10, 0, 7],
      [0, 1, 7],
      [0, -1, 7],
    ]);
    const a = transformPca(fitPca(points), points);
    const b = transformPca(fitPca(points), points);
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(Array.from(a.data).map((v) => Math.round(v * 1e6) / 1e6 + 0)).toEqual([
      10, 0, -10, 0, 0, 1, 0, -1,
    ]);
    const model = fitPca(points);
    expect(Array.from(model.mean)).toEqual([0, 0, 7]);
    expect(model.variances[0]).toBeCloseTo(200 / 3, 6);
    expect(model.variances[1]).toBeCloseTo(2 / 3, 6);
  });

  it('keeps one component when asked, and a single row maps to the origin with variance 0', () => {
    const points = fromRows([
      [1, 2],
      [3, 6],
    ]);
    const model = fitPca(points, { components: 1 });
    expect(model.componentCount).toBe(1);
    expect(transformPca(model, points).cols).toBe(1);
    const one = fitPca(fromRows([[4, 5, 6]]));
    expect(Array.from(one.variances)).toEqual([0, 0]);
    expect(Array.from(transformPca(one, fromRows([[4, 5, 6]])).data)).toEqual([0, 0]);
  });
});

describe('fitPca / transformPca against scikit-learn 1.2.1 (fixtures/make-pca-fixtures.py)', () => {
  const points = pointMatrix(new Float32Array(fixture.data), fixture.rows, fixture.cols);
  const model = fitPca(points, { components: fixture.components });

  it('finds the same mean, directions and variances', () => {
    // The default tolerance stops a component once successive directions agree to 1 − |cos| < 1e-12, i.e. within
    // an angle of about 1.4e-6: directions agree to that, variances (a quadratic form) much closer.
    expect(maxAbsDiff(model.mean, fixture.mean)).toBeLessThan(1e-9);
    expect(maxAbsDiff(model.components, fixture.directions)).toBeLessThan(1e-5);
    expect(maxAbsDiff(model.variances, fixture.variances)).toBeLessThan(1e-7);
  });

  it('converges to scikit-learn at full precision when every iteration runs', () => {
    const exact = fitPca(points, { components: fixture.components, tolerance: 0 });
    expect(maxAbsDiff(exact.components, fixture.directions)).toBeLessThan(1e-8);
    expect(maxAbsDiff(exact.variances, fixture.variances)).toBeLessThan(1e-9);
  });

  it('maps fitted and unseen rows to the same coordinates', () => {
    // Coordinates are up to ~30 in size: 1e-4 is a relative error of a few 1e-6 (the direction tolerance above).
    expect(maxAbsDiff(transformPca(model, points).data, fixture.fitted)).toBeLessThan(1e-4);
    const unseen = pointMatrix(
      new Float32Array(fixture.unseen),
      fixture.unseen.length / fixture.cols,
      fixture.cols,
    );
    expect(maxAbsDiff(transformPca(model, unseen).data, fixture.transformedUnseen)).toBeLessThan(1e-4);
  });

  it('returns orthonormal components', () => {
    const { cols, components } = model;
    for (let a = 0; a < model.componentCount; a++)
      for (let b = 0; b < model.componentCount; b++) {
        let dot = 0;
        for (let c = 0; c < cols; c++) dot += components[a * cols + c] * components[b * cols + c];
        expect(dot).toBeCloseTo(a === b ? 1 : 0, 10);
      }
  });
});

describe('fitPca / transformPca input errors', () => {
  it('says what was wrong and what is allowed', () => {
    const points = fromRows([
      [1, 2],
      [3, 4],
    ]);
    expect(() => fitPca(points, { components: 3 })).toThrow(InvalidInputError);
    expect(() => fitPca(points, { components: 3 })).toThrow(/allowed: an integer from 1 to cols \(2\)/);
    expect(() => fitPca(points, { iterations: 0 })).toThrow(/iterations is 0/);
    expect(() => fitPca(fromRows([[1, Number.NaN]]))).toThrow(/row 0, column 1; PCA needs finite values/);
    expect(() => fitPca({ data: new Float64Array(0), rows: 0, cols: 2 })).toThrow(/at least 1 row/);
    expect(() => transformPca(fitPca(points), fromRows([[1, 2, 3]]))).toThrow(
      /3 columns; the model was fitted on 2/,
    );
  });
});
