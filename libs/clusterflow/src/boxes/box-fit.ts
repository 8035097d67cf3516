import { InvalidInputError } from '../errors/clusterflow-error.js';
import type { PointMatrix } from '../point-matrix.js';
import type { BoxFitOptions, BoxKind, BoxStats } from './cluster-box.js';
import { rowStoreOf, type RowStore } from './row-store.js';

/** Bounds and sufficient statistics of some rows: what every kind's fit starts from. */
export interface FitStats extends BoxStats {
  readonly lo: Float64Array;
  readonly hi: Float64Array;
}

/** The fit options with their defaults (zeroTolerance 0, minSharedDims 1), checked whatever the kind. */
export function fitOptions(options: BoxFitOptions): { zeroTolerance: number; minSharedDims: number } {
  const zeroTolerance = options.zeroTolerance ?? 0;
  const minSharedDims = options.minSharedDims ?? 1;
  if (!(zeroTolerance >= 0) || !Number.isFinite(zeroTolerance)) {
    throw new InvalidInputError(`zeroTolerance must be a finite number >= 0, got ${zeroTolerance}`);
  }
  if (!Number.isInteger(minSharedDims) || minSharedDims < 1) {
    throw new InvalidInputError(`minSharedDims must be an integer >= 1, got ${minSharedDims}`);
  }
  return { zeroTolerance, minSharedDims };
}

/**
 * Per-dimension min, max, count, mean and Σ(x − mean)² of rows of a store, data-oriented over its chunks.
 * `skipMissing`: NaN values are left out (a partial box); otherwise a NaN is an error naming the kind.
 */
export function fitStats(
  kind: BoxKind,
  store: RowStore,
  rows: ArrayLike<number>,
  skipMissing: boolean,
): FitStats {
  const D = store.cols;
  if (rows.length === 0) throw new InvalidInputError(`cannot fit a ${kind} box on zero rows`);
  const lo = new Float64Array(D).fill(Infinity);
  const hi = new Float64Array(D).fill(-Infinity);
  const n = new Float64Array(D);
  const sum = new Float64Array(D);
  const { chunks, chunkOf, offsetOf } = store;
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r];
    if (!(i >= 0 && i < store.rows) || !Number.isInteger(i)) {
      throw new InvalidInputError(`row index ${i} is out of range 0..${store.rows - 1}`);
    }
    const data = chunks[chunkOf[i]];
    const off = offsetOf[i];
    for (let d = 0; d < D; d++) {
      const x = data[off + d];
      if (x !== x) {
        if (skipMissing) continue;
        throw new InvalidInputError(
          `row ${i} has a missing value (NaN) in dimension ${d}; a '${kind}' box needs complete rows — use boxKind 'partial'`,
        );
      }
      if (x < lo[d]) lo[d] = x;
      if (x > hi[d]) hi[d] = x;
      n[d]++;
      sum[d] += x;
    }
  }
  const mean = new Float64Array(D);
  for (let d = 0; d < D; d++) mean[d] = n[d] > 0 ? sum[d] / n[d] : 0;
  // Second pass for Σ(x − mean)²: numerically safer than Σx² − n·mean².
  const m2 = new Float64Array(D);
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r];
    const data = chunks[chunkOf[i]];
    const off = offsetOf[i];
    for (let d = 0; d < D; d++) {
      const x = data[off + d];
      if (x !== x) continue;
      const z = x - mean[d];
      m2[d] += z * z;
    }
  }
  return { lo, hi, n, mean, m2 };
}

/** Row indices 0..rows-1 (the default "fit on every row"). */
export function allRows(points: PointMatrix): Int32Array {
  const r = new Int32Array(points.rows);
  for (let i = 0; i < r.length; i++) r[i] = i;
  return r;
}

/** A one-chunk row store over a point matrix (what `fit` on a matrix fits on). */
export function storeOf(points: PointMatrix): RowStore {
  return rowStoreOf([points]);
}
