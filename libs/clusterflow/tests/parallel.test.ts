import { describe, expect, it } from 'vitest';
import {
  createRng,
  kmeans,
  kmeansParallel,
  pointMatrix,
  silhouetteScore,
  silhouetteScoreParallel,
  type PointMatrix,
} from '../src/index.js';

function blobs(n: number, cols: number, k: number, seed: number, spread: number): PointMatrix {
  const rng = createRng(seed);
  const gauss = (): number => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  const centres = Array.from({ length: k * cols }, () => (rng.next() * 2 - 1) * spread);
  const data = new Float32Array(n * cols);
  for (let i = 0; i < n; i++)
    for (let d = 0; d < cols; d++) data[i * cols + d] = centres[(i % k) * cols + d] + gauss();
  return pointMatrix(data, n, cols);
}

describe('kmeansParallel', () => {
  // Overlapping blobs so Lloyd needs many iterations and the Hamerly bounds prune unevenly across chunks.
  const points = blobs(9000, 16, 12, 3, 2.5);

  for (const init of ['kmeans++', 'random'] as const) {
    it(`gives exactly the sync result (${init})`, async () => {
      const sync = kmeans(points, { k: 12, seed: 7, init });
      expect(sync.iterations).toBeGreaterThan(3);
      for (const workers of init === 'kmeans++' ? [2, 3] : [2]) {
        const par = await kmeansParallel(points, { k: 12, seed: 7, init, workers, minWork: 0 });
        expect(par.assignments).toEqual(sync.assignments);
        expect(par.centroids).toEqual(sync.centroids);
        expect(par.inertia).toBe(sync.inertia);
        expect(par.iterations).toBe(sync.iterations);
      }
    });
  }

  it('matches the sync path with missing values', async () => {
    const data = Float32Array.from(points.data);
    const rng = createRng(5);
    for (let i = 0; i < data.length; i++) if (rng.next() < 0.2) data[i] = NaN;
    const holed = pointMatrix(data, points.rows, points.cols);
    const sync = kmeans(holed, { k: 6, seed: 1 });
    const par = await kmeansParallel(holed, { k: 6, seed: 1, workers: 2, minWork: 0 });
    expect(par.assignments).toEqual(sync.assignments);
    expect(par.inertia).toBe(sync.inertia);
  });

  it('rejects a bad worker count', async () => {
    await expect(kmeansParallel(points, { k: 2, workers: 0 })).rejects.toThrow(
      /workers must be an integer >= 1/,
    );
  });
});

describe('WebAssembly SIMD kernels', () => {
  it('k-means with kernel wasm agrees with the plain TypeScript reference (f32 and f64 rows, odd D)', () => {
    for (const pts of [blobs(3000, 33, 7, 4, 2.5), blobs(2000, 5, 4, 6, 2)]) {
      const f64 = pointMatrix(Float64Array.from(pts.data), pts.rows, pts.cols);
      for (const p of [pts, f64]) {
        const js = kmeans(p, { k: 7, seed: 2, kernel: 'js' });
        const simd = kmeans(p, { k: 7, seed: 2, kernel: 'wasm' });
        expect(simd.assignments).toEqual(js.assignments);
        expect(Math.abs(simd.inertia - js.inertia) / js.inertia).toBeLessThan(1e-9);
        expect(simd.iterations).toBe(js.iterations);
      }
    }
  });

  it('the parallel path with wasm kernels equals the sync path with wasm kernels', async () => {
    const pts = blobs(6000, 40, 9, 8, 2.5);
    const sync = kmeans(pts, { k: 9, seed: 3, kernel: 'wasm' });
    const par = await kmeansParallel(pts, { k: 9, seed: 3, kernel: 'wasm', workers: 2, minWork: 0 });
    expect(par.assignments).toEqual(sync.assignments);
    expect(par.inertia).toBe(sync.inertia);
  });

  it('reuses one wasm memory across many small calls, also after a rejected input', () => {
    const small = blobs(60, 8, 3, 12, 4);
    const ref = kmeans(small, { k: 3, seed: 1, kernel: 'js' });
    const bad = Float32Array.from(small.data);
    bad[5] = Infinity;
    expect(() => kmeans(pointMatrix(bad, 60, 8), { k: 3, kernel: 'wasm' })).toThrow(/finite/);
    // Thousands of fresh wasm memories would exhaust address space long before the GC runs; reuse must hold.
    for (let i = 0; i < 3000; i++) {
      const r = kmeans(small, { k: 3, seed: 1, kernel: 'wasm' });
      if (i % 1000 === 0) expect(r.assignments).toEqual(ref.assignments);
    }
  });

  it('silhouette with kernel wasm (float32 products, f64 sums) matches the f64 TypeScript kernel', () => {
    const pts = blobs(700, 37, 4, 10, 3);
    const labels = kmeans(pts, { k: 4, seed: 0 }).assignments;
    const js = silhouetteScore(pts, labels, { kernel: 'js', blockSize: 16 });
    const simd = silhouetteScore(pts, labels, { kernel: 'wasm', blockSize: 16 });
    expect(Math.abs(simd - js)).toBeLessThan(1e-7);
    // Far from the origin ‖x‖² + ‖y‖² − 2x·y would cancel badly in float32; the kernel centres the rows first.
    const shifted = pointMatrix(
      Float32Array.from(pts.data, (v) => v + 1000),
      pts.rows,
      pts.cols,
    );
    const jsShifted = silhouetteScore(shifted, labels, { kernel: 'js', blockSize: 16 });
    const simdShifted = silhouetteScore(shifted, labels, { kernel: 'wasm', blockSize: 16 });
    expect(Math.abs(jsShifted - js)).toBeLessThan(1e-5); // the f64 reference itself moves only by rounding
    expect(Math.abs(simdShifted - jsShifted)).toBeLessThan(1e-6);
  });
});

describe('silhouetteScoreParallel', () => {
  it('equals the sync score up to rounding', async () => {
    const pts = blobs(1500, 20, 5, 9, 3);
    const labels = kmeans(pts, { k: 5, seed: 0 }).assignments;
    for (const kernel of ['js', 'wasm'] as const) {
      const sync = silhouetteScore(pts, labels, { blockSize: 32, kernel });
      const par = await silhouetteScoreParallel(pts, labels, { blockSize: 32, workers: 2, kernel });
      expect(Math.abs(par - sync)).toBeLessThan(1e-12);
    }
  });
});
