import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  createRng,
  detK,
  detKAlpha,
  detKScores,
  fromRows,
  InvalidInputError,
  kmeans,
  kmeansPlusPlus,
  normalizedMutualInformation,
  pointMatrix,
  type PointMatrix,
} from '../src/index.js';

/** Seeded isotropic Gaussian blobs: `k` centres spaced `spread` apart on random axes, unit noise. */
function blobs(
  n: number,
  cols: number,
  k: number,
  seed: number,
  spread = 20,
): { points: PointMatrix; truth: Int32Array } {
  const rng = createRng(seed);
  const gauss = (): number => {
    const u = 1 - rng.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
  };
  const centres = new Float64Array(k * cols);
  for (let i = 0; i < centres.length; i++) centres[i] = (rng.next() * 2 - 1) * spread;
  const data = new Float64Array(n * cols);
  const truth = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % k;
    truth[i] = c;
    for (let d = 0; d < cols; d++) data[i * cols + d] = centres[c * cols + d] + gauss();
  }
  return { points: pointMatrix(data, n, cols), truth };
}

/** True if the two labelings define the same partition (a bijection maps one onto the other). */
function samePartition(a: Int32Array, b: Int32Array): boolean {
  const ab = new Map<number, number>();
  const ba = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    if ((ab.get(a[i]) ?? b[i]) !== b[i] || (ba.get(b[i]) ?? a[i]) !== a[i]) return false;
    ab.set(a[i], b[i]);
    ba.set(b[i], a[i]);
  }
  return true;
}

function bruteInertia(points: PointMatrix, centroids: Float64Array, assignments: Int32Array): number {
  const { rows, cols, data } = points;
  let s = 0;
  for (let i = 0; i < rows; i++) {
    let acc = 0;
    let known = 0;
    for (let d = 0; d < cols; d++) {
      const v = data[i * cols + d];
      if (Number.isNaN(v)) continue;
      known++;
      acc += (v - centroids[assignments[i] * cols + d]) ** 2;
    }
    if (known > 0) s += (acc * cols) / known;
  }
  return s;
}

describe('kmeans', () => {
  it('solves a hand-computed 1-D case', () => {
    const pts = fromRows([[0], [1], [2], [10], [11], [12]]);
    const r = kmeans(pts, { k: 2, seed: 3 });
    expect(r.k).toBe(2);
    const sorted = Array.from(r.centroids).sort((x, y) => x - y);
    expect(sorted).toEqual([1, 11]);
    expect(r.inertia).toBeCloseTo(4, 12);
    expect(r.assignments[0]).toBe(r.assignments[2]);
    expect(r.assignments[3]).toBe(r.assignments[5]);
    expect(r.assignments[0]).not.toBe(r.assignments[3]);
    expect(r.converged).toBe(true);
  });

  it('recovers well-separated blobs with k-means++ and with random init', () => {
    const { points, truth } = blobs(600, 5, 4, 11);
    for (const init of ['kmeans++', 'random'] as const) {
      const r = kmeans(points, { k: 4, seed: 1, init });
      if (init === 'kmeans++') expect(samePartition(r.assignments, truth)).toBe(true);
      expect(r.inertia).toBeCloseTo(bruteInertia(points, r.centroids, r.assignments), 6);
    }
  });

  it('is deterministic for a seed and accepts an injected RNG', () => {
    const { points } = blobs(400, 3, 5, 2, 3);
    const a = kmeans(points, { k: 5, seed: 42 });
    const b = kmeans(points, { k: 5, seed: 42 });
    expect(b.assignments).toEqual(a.assignments);
    expect(b.centroids).toEqual(a.centroids);
    expect(b.inertia).toBe(a.inertia);
    const c = kmeans(points, { k: 5, rng: createRng(42) });
    expect(c.centroids).toEqual(a.centroids);
  });

  it('matches plain Lloyd (no bounds) on overlapping data: Hamerly skips only provably unchanged rows', () => {
    const { points } = blobs(500, 4, 6, 5, 2);
    const r = kmeans(points, { k: 6, seed: 9, tolerance: 0 });
    // A converged result must be a fixed point of Lloyd: every row at its nearest centroid, centroids = means.
    const { rows, cols, data } = points;
    const sums = new Float64Array(r.k * cols);
    const counts = new Float64Array(r.k);
    for (let i = 0; i < rows; i++) {
      let best = -1;
      let bd = Infinity;
      for (let j = 0; j < r.k; j++) {
        let s = 0;
        for (let d = 0; d < cols; d++) s += (data[i * cols + d] - r.centroids[j * cols + d]) ** 2;
        if (s < bd) {
          bd = s;
          best = j;
        }
      }
      expect(r.assignments[i]).toBe(best);
      counts[best]++;
      for (let d = 0; d < cols; d++) sums[best * cols + d] += data[i * cols + d];
    }
    expect(r.converged).toBe(true);
    for (let j = 0; j < r.k; j++) {
      for (let d = 0; d < cols; d++)
        expect(r.centroids[j * cols + d]).toBeCloseTo(sums[j * cols + d] / counts[j], 9);
    }
  });

  it('still recovers the blobs with 20% of values missing (NaN)', () => {
    const { points, truth } = blobs(500, 6, 3, 21);
    const rng = createRng(8);
    const data = Float64Array.from(points.data);
    for (let i = 0; i < data.length; i++) if (rng.next() < 0.2) data[i] = NaN;
    const holed = pointMatrix(data, points.rows, points.cols);
    for (const init of ['kmeans++', 'random'] as const) {
      const r = kmeans(holed, { k: 3, seed: 4, init });
      // A random start may legitimately stop in a local minimum; k-means++ must not on blobs this clear.
      if (init === 'kmeans++') expect(samePartition(r.assignments, truth)).toBe(true);
      expect(r.k).toBe(3);
      for (const v of r.centroids) expect(Number.isFinite(v)).toBe(true);
      expect(r.inertia).toBeCloseTo(bruteInertia(holed, r.centroids, r.assignments), 6);
    }
  });

  it('keeps a centroid dimension that no member knows at its previous value, and survives all-NaN rows', () => {
    const pts = fromRows([
      [0, NaN],
      [0.5, NaN],
      [10, 1],
      [11, 3],
      [NaN, NaN],
    ]);
    const r = kmeans(pts, { k: 2, seed: 0 });
    expect(r.k).toBe(2);
    for (const v of r.centroids) expect(Number.isFinite(v)).toBe(true);
    expect(r.assignments[0]).toBe(r.assignments[1]);
    expect(r.assignments[2]).toBe(r.assignments[3]);
    expect(r.assignments[0]).not.toBe(r.assignments[2]);
    const hi = r.assignments[2];
    expect(r.centroids[hi * 2]).toBeCloseTo(10.5, 12);
    expect(r.centroids[hi * 2 + 1]).toBeCloseTo(2, 12);
  });

  it('clamps k to the number of distinct points and never returns NaN centroids', () => {
    const pts = fromRows([
      [1, 1],
      [1, 1],
      [1, 1],
      [5, 5],
      [5, 5],
    ]);
    for (const init of ['kmeans++', 'random'] as const) {
      const r = kmeans(pts, { k: 4, seed: 0, init });
      expect(r.k).toBe(2);
      expect(r.centroids.length).toBe(4);
      expect(Array.from(r.centroids).sort((x, y) => x - y)).toEqual([1, 1, 5, 5]);
      expect(r.inertia).toBe(0);
    }
  });

  it('handles k = 1 and a single row', () => {
    const r = kmeans(
      fromRows([
        [1, 2],
        [3, 4],
        [5, 9],
      ]),
      { k: 1 },
    );
    expect(Array.from(r.centroids)).toEqual([3, 5]);
    expect(Array.from(r.assignments)).toEqual([0, 0, 0]);
    expect(r.inertia).toBeCloseTo(4 + 9 + 0 + 1 + 4 + 16, 12);
    const one = kmeans(fromRows([[7, 8]]), { k: 1 });
    expect(Array.from(one.centroids)).toEqual([7, 8]);
    expect(one.inertia).toBe(0);
  });

  it('rejects invalid input with a typed error that says what is allowed', () => {
    const empty = pointMatrix(new Float64Array(0), 0, 3);
    expect(() => kmeans(empty, { k: 1 })).toThrow(InvalidInputError);
    expect(() => kmeans(fromRows([[1], [2]]), { k: 3 })).toThrow(/1 <= k <= rows \(2\)/);
    expect(() => kmeans(fromRows([[1], [2]]), { k: 0 })).toThrow(InvalidInputError);
    expect(() => kmeans(fromRows([[1], [Infinity]]), { k: 1 })).toThrow(/finite/);
    try {
      kmeans(empty, { k: 1 });
    } catch (e) {
      expect((e as InvalidInputError).code).toBe('INVALID_INPUT');
    }
  });
});

describe('kmeansPlusPlus', () => {
  it('puts one centre in every well-separated blob', () => {
    const { points, truth } = blobs(800, 8, 8, 17, 50);
    const r = kmeansPlusPlus(points, 8, { seed: 5 });
    expect(r.k).toBe(8);
    expect(samePartition(r.assignments, truth)).toBe(true);
    let pot = 0;
    for (let i = 0; i < points.rows; i++) {
      let s = 0;
      for (let d = 0; d < points.cols; d++) {
        s += (points.data[i * points.cols + d] - r.centers[r.assignments[i] * points.cols + d]) ** 2;
      }
      pot += s;
    }
    expect(r.potential).toBeCloseTo(pot, 6);
  });

  it('picks centres among the input rows, distinct, reproducibly', () => {
    const pts = fromRows([
      [0, 0],
      [0, 1],
      [5, 5],
      [9, 0],
      [9, 1],
    ]);
    const a = kmeansPlusPlus(pts, 3, { seed: 7, localTrials: 1 });
    const b = kmeansPlusPlus(pts, 3, { seed: 7, localTrials: 1 });
    expect(b.centers).toEqual(a.centers);
    const rows = new Set(['0,0', '0,1', '5,5', '9,0', '9,1']);
    const seen = new Set<string>();
    for (let j = 0; j < a.k; j++) {
      const key = `${a.centers[j * 2]},${a.centers[j * 2 + 1]}`;
      expect(rows.has(key)).toBe(true);
      seen.add(key);
    }
    expect(seen.size).toBe(3);
  });
});

describe('detK', () => {
  it('computes f(K) exactly as Pham, Dimov & Nguyen define it', () => {
    expect(detKAlpha(2, 4)).toBeCloseTo(1 - 3 / 16, 15);
    expect(detKAlpha(3, 4)).toBeCloseTo(1 - 3 / 16 + 3 / 16 / 6, 15);
    const f = detKScores([100, 40, 0, 0], 2);
    const a2 = 1 - 3 / 8;
    const a3 = a2 + (1 - a2) / 6;
    expect(f[0]).toBe(1);
    expect(f[1]).toBeCloseTo(40 / (a2 * 100), 15);
    expect(f[2]).toBeCloseTo(0 / (a3 * 40), 15);
    expect(f[3]).toBe(1); // S_3 = 0
  });

  it('finds K and the partition on well-separated blobs', () => {
    const { points, truth } = blobs(600, 4, 5, 31);
    const r = detK(points, { maxK: 8, seed: 2 });
    expect(r.k).toBe(5);
    expect(r.fK.length).toBe(8);
    expect(samePartition(r.assignments, truth)).toBe(true);
    let argmin = 0;
    for (let K = 1; K < r.fK.length; K++) if (r.fK[K] < r.fK[argmin]) argmin = K;
    expect(argmin + 1).toBe(5);
  });

  it('answers K = 1 on a single Gaussian blob', () => {
    for (const cols of [2, 6]) {
      const { points } = blobs(500, cols, 1, 3 + cols);
      const r = detK(points, { seed: 1 });
      expect(r.k).toBe(1);
      expect(Math.min(...r.fK)).toBeGreaterThanOrEqual(0.85);
      expect(new Set(r.assignments).size).toBe(1);
    }
  });

  it('recovers K with 20% missing values, is deterministic, and clamps maxK to distinct points', () => {
    const { points, truth } = blobs(450, 6, 3, 41);
    const rng = createRng(99);
    const data = Float64Array.from(points.data);
    for (let i = 0; i < data.length; i++) if (rng.next() < 0.2) data[i] = NaN;
    const holed = pointMatrix(data, points.rows, points.cols);
    const a = detK(holed, { maxK: 6, seed: 3 });
    const b = detK(holed, { maxK: 6, seed: 3 });
    expect(a.k).toBe(3);
    expect(samePartition(a.assignments, truth)).toBe(true);
    expect(b.fK).toEqual(a.fK);
    expect(b.assignments).toEqual(a.assignments);
    const dup = detK(fromRows([[0], [0], [10], [10], [10]]), { maxK: 5 });
    expect(dup.fK.length).toBe(2);
    expect(dup.k).toBe(2);
  });

  it('rejects inconsistent options', () => {
    expect(() => detK(fromRows([[1]]), { minK: 3, maxK: 2 })).toThrow(InvalidInputError);
    expect(() => detK(pointMatrix(new Float64Array(0), 0, 1))).toThrow(/0 rows/);
  });
});

describe('real data: Wisconsin breast cancer table (shared/data, 16 rows with missing values)', () => {
  const fixtures = JSON.parse(
    readFileSync(new URL('./fixtures/metric-fixtures.json', import.meta.url), 'utf8'),
  ) as { real: { completeRows: number; kmeans2BestInertia: number; kmeans2Nmi: number } };
  const csv = readFileSync(
    new URL('../../../../shared/data/tables/breast-cancer-wisconsin.csv', import.meta.url),
    'utf8',
  );
  const rows = csv
    .trim()
    .split('\n')
    .map((line) => line.split(','));
  const features = (r: string[]): number[] => r.slice(0, 9).map((v) => (v === '?' ? NaN : Number(v)));
  const complete = rows.filter((r) => !r.includes('?'));
  const classes = Int32Array.from(complete.map((r) => Number(r[9])));

  it('k-means, best of 4 seeds, reaches the optimum scikit-learn finds with 50 restarts (k = 2)', () => {
    expect(complete.length).toBe(fixtures.real.completeRows);
    const pts = fromRows(complete.map(features));
    // This table has two nearby local optima (19323.17 and 19323.20): restarts, as n_init does, find the best.
    const runs = [0, 1, 2, 3].map((seed) => kmeans(pts, { k: 2, seed, tolerance: 0 }));
    const best = runs.reduce((a, b) => (b.inertia < a.inertia ? b : a));
    const ref = fixtures.real.kmeans2BestInertia;
    expect(Math.abs(best.inertia - ref) / ref).toBeLessThan(1e-9);
    const nmi = normalizedMutualInformation(classes, best.assignments);
    expect(Math.abs(nmi - fixtures.real.kmeans2Nmi)).toBeLessThan(1e-9);
  });

  it('clusters the full table with its gaps (NaN) almost as the complete rows alone', () => {
    const full = kmeans(fromRows(rows.map(features)), { k: 2, seed: 0 });
    const alone = kmeans(fromRows(complete.map(features)), { k: 2, seed: 0 });
    const onComplete = Int32Array.from(
      rows.flatMap((r, i) => (r.includes('?') ? [] : [full.assignments[i]])),
    );
    let agree = 0;
    for (let i = 0; i < onComplete.length; i++) if (onComplete[i] === alone.assignments[i]) agree++;
    const agreement = Math.max(agree, onComplete.length - agree) / onComplete.length;
    expect(agreement).toBeGreaterThan(0.99);
    for (const v of full.centroids) expect(Number.isFinite(v)).toBe(true);
  });
});
