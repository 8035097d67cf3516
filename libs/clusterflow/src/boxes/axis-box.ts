import { InvalidInputError } from '../errors/clusterflow-error.js';
import type { PointMatrix } from '../point-matrix.js';
import type {
  BoxFitOptions,
  BoxKind,
  BoxMetric,
  BoxState,
  ClusterBox,
  EscapeEvidence,
} from './cluster-box.js';
import { rowStoreOf, type RowStore } from './row-store.js';

/** σ floor = this fraction of the box's mean positive σ (see `sigmaFloorOf`). */
export const SIGMA_FLOOR_FRACTION = 0.01;
/** Absolute last-resort σ floor (a box whose members are all identical and zero). */
export const SIGMA_FLOOR_ABSOLUTE = 1e-9;

/**
 * The σ floor of a box: 1 % of the mean σ over its constrained dimensions with σ > 0; for a box without any
 * spread (one member, or identical members) 1 % of the mean |mean_d| over constrained dimensions; at least
 * 1e-9. So a zero-spread dimension (or a lower box's inactive one) is judged 100× stricter than a typical
 * dimension of the same box, but never divides by zero.
 */
export function sigmaFloorOf(sigma: Float64Array, active: Uint8Array, mean: Float64Array): number {
  let s = 0;
  let c = 0;
  for (let d = 0; d < sigma.length; d++) {
    if (active[d] && sigma[d] > 0) {
      s += sigma[d];
      c++;
    }
  }
  if (c > 0) return Math.max(SIGMA_FLOOR_ABSOLUTE, (SIGMA_FLOOR_FRACTION * s) / c);
  let m = 0;
  for (let d = 0; d < mean.length; d++) {
    if (active[d] && mean[d] !== 0) {
      m += Math.abs(mean[d]);
      c++;
    }
  }
  return c > 0 ? Math.max(SIGMA_FLOOR_ABSOLUTE, (SIGMA_FLOOR_FRACTION * m) / c) : SIGMA_FLOOR_ABSOLUTE;
}

const METRIC_CODE: Record<BoxMetric, number> = { l0: 0, l1: 1, l2: 2, linf: 3, mahalanobis: 4 };

/** Checks a metric name at the edge (typed error listing the allowed values). */
export function metricCode(metric: BoxMetric): number {
  const code = METRIC_CODE[metric];
  if (code === undefined) {
    throw new InvalidInputError(
      `metric must be one of ${Object.keys(METRIC_CODE).join(', ')}; got ${String(metric)}`,
    );
  }
  return code;
}

/** Combines per-dimension overshoots into a distance (code from `metricCode`). */
export function accumulate(code: number, acc: number, o: number, invSigma: number): number {
  switch (code) {
    case 0:
      return o > 0 ? acc + 1 : acc;
    case 1:
      return acc + o;
    case 2:
      return acc + o * o;
    case 3:
      return o > acc ? o : acc;
    default: {
      const z = o * invSigma;
      return acc + z * z;
    }
  }
}

/** Final step of `accumulate` (square roots for L2 / Mahalanobis). */
export function finishDistance(code: number, acc: number): number {
  return code === 2 || code === 4 ? Math.sqrt(acc) : acc;
}

/**
 * Shared implementation of the three box kinds. Data-oriented: per-dimension typed arrays, no per-point
 * objects; the kind only changes how unconstrained dimensions and missing values are treated.
 */
export abstract class AxisBox implements ClusterBox {
  abstract readonly kind: BoxKind;
  readonly dims: number;
  readonly count: number;
  readonly lo: Float64Array;
  readonly hi: Float64Array;
  readonly active: Uint8Array;
  readonly stats: BoxState['stats'];
  readonly zeroTolerance: number;
  readonly minSharedDims: number;
  readonly sigma: Float64Array;
  readonly sigmaFloor: number;

  protected constructor(state: Omit<BoxState, 'kind'>) {
    this.dims = state.dims;
    this.count = state.count;
    this.lo = state.lo;
    this.hi = state.hi;
    this.active = state.active;
    this.stats = state.stats;
    this.zeroTolerance = state.zeroTolerance;
    this.minSharedDims = state.minSharedDims;
    const { n, m2, mean } = state.stats;
    this.sigma = new Float64Array(this.dims);
    for (let d = 0; d < this.dims; d++) this.sigma[d] = n[d] > 0 ? Math.sqrt(Math.max(0, m2[d] / n[d])) : 0;
    this.sigmaFloor = sigmaFloorOf(this.sigma, this.active, mean);
  }

  /** Builds a box of the same kind from a state (used by union/expand). */
  protected abstract make(state: Omit<BoxState, 'kind'>): AxisBox;

  /** The complete state, e.g. for serialization. */
  toState(): BoxState {
    return {
      kind: this.kind,
      dims: this.dims,
      count: this.count,
      lo: this.lo,
      hi: this.hi,
      active: this.active,
      stats: this.stats,
      zeroTolerance: this.zeroTolerance,
      minSharedDims: this.minSharedDims,
    };
  }

  contains(point: ArrayLike<number>, offset = 0): boolean {
    const { lo, hi, active, dims } = this;
    if (this.kind === 'partial') {
      let shared = 0;
      for (let d = 0; d < dims; d++) {
        const x = point[offset + d];
        if (!active[d] || x !== x) continue;
        if (x < lo[d] || x > hi[d]) return false;
        shared++;
      }
      return shared >= this.minSharedDims;
    }
    const eps = this.zeroTolerance;
    for (let d = 0; d < dims; d++) {
      const x = point[offset + d];
      if (active[d]) {
        // NaN fails both comparisons, so test for "inside" rather than "outside".
        if (!(x >= lo[d] && x <= hi[d])) return false;
      } else if (!(Math.abs(x) <= eps)) return false;
    }
    return true;
  }

  escape(point: ArrayLike<number>, offset = 0): EscapeEvidence {
    const { lo, hi, active, dims, sigma, sigmaFloor } = this;
    const partial = this.kind === 'partial';
    const eps = this.zeroTolerance;
    let l0 = 0;
    let dist = 0;
    let shared = 0;
    for (let d = 0; d < dims; d++) {
      const x = point[offset + d];
      if (x !== x) {
        if (partial) continue;
        // A missing value on a box that constrains every dimension cannot be confirmed inside.
        l0++;
        dist = Infinity;
        continue;
      }
      if (partial && !active[d]) continue;
      shared++;
      let o: number;
      if (active[d]) o = x < lo[d] ? lo[d] - x : x > hi[d] ? x - hi[d] : 0;
      else o = Math.abs(x) > eps ? Math.abs(x) : 0;
      if (o > 0) {
        l0++;
        dist += o / (sigma[d] > sigmaFloor ? sigma[d] : sigmaFloor);
      }
    }
    if (partial && shared < this.minSharedDims) dist = Infinity;
    return { l0, escapeDistance: dist, sharedDims: shared };
  }

  distanceToBoundary(point: ArrayLike<number>, metric: BoxMetric, offset = 0): number {
    const code = metricCode(metric);
    const { lo, hi, active, dims, sigma, sigmaFloor } = this;
    const partial = this.kind === 'partial';
    const eps = this.zeroTolerance;
    let acc = 0;
    let shared = 0;
    for (let d = 0; d < dims; d++) {
      const x = point[offset + d];
      if (x !== x) {
        if (partial) continue;
        return Infinity;
      }
      if (partial && !active[d]) continue;
      shared++;
      let o: number;
      if (active[d]) o = x < lo[d] ? lo[d] - x : x > hi[d] ? x - hi[d] : 0;
      else {
        // Distance to the inactive slab [-ε, ε] of a lower box.
        const a = Math.abs(x) - eps;
        o = a > 0 ? a : 0;
      }
      if (o > 0) acc = accumulate(code, acc, o, 1 / (sigma[d] > sigmaFloor ? sigma[d] : sigmaFloor));
    }
    if (partial && shared < this.minSharedDims) return Infinity;
    return finishDistance(code, acc);
  }

  private checkCompatible(other: ClusterBox, op: string): void {
    if (other.kind !== this.kind) {
      throw new InvalidInputError(`${op}: both boxes must be of kind '${this.kind}', got '${other.kind}'`);
    }
    if (other.dims !== this.dims) {
      throw new InvalidInputError(`${op}: both boxes must have ${this.dims} dimensions, got ${other.dims}`);
    }
    if (other.zeroTolerance !== this.zeroTolerance || other.minSharedDims !== this.minSharedDims) {
      throw new InvalidInputError(
        `${op}: boxes must share zeroTolerance and minSharedDims (${this.zeroTolerance}, ${this.minSharedDims}); ` +
          `got (${other.zeroTolerance}, ${other.minSharedDims})`,
      );
    }
  }

  union(other: ClusterBox): ClusterBox {
    this.checkCompatible(other, 'union');
    const D = this.dims;
    const lo = new Float64Array(D);
    const hi = new Float64Array(D);
    const active = new Uint8Array(D);
    const n = new Float64Array(D);
    const mean = new Float64Array(D);
    const m2 = new Float64Array(D);
    const a = this.stats;
    const b = other.stats;
    for (let d = 0; d < D; d++) {
      lo[d] = Math.min(this.lo[d], other.lo[d]);
      hi[d] = Math.max(this.hi[d], other.hi[d]);
      active[d] = this.active[d] | other.active[d];
      const na = a.n[d];
      const nb = b.n[d];
      const nn = na + nb;
      n[d] = nn;
      if (nn === 0) continue;
      const delta = b.mean[d] - a.mean[d];
      mean[d] = a.mean[d] + (delta * nb) / nn;
      m2[d] = a.m2[d] + b.m2[d] + (delta * delta * na * nb) / nn;
    }
    return this.make({
      dims: D,
      count: this.count + other.count,
      lo,
      hi,
      active,
      stats: { n, mean, m2 },
      zeroTolerance: this.zeroTolerance,
      minSharedDims: this.minSharedDims,
    });
  }

  intersects(other: ClusterBox): boolean {
    this.checkCompatible(other, 'intersects');
    const D = this.dims;
    const eps = this.zeroTolerance;
    if (this.kind === 'partial') {
      let shared = 0;
      for (let d = 0; d < D; d++) {
        if (!this.active[d] || !other.active[d]) continue;
        if (this.lo[d] > other.hi[d] || other.lo[d] > this.hi[d]) return false;
        shared++;
      }
      return shared >= this.minSharedDims;
    }
    for (let d = 0; d < D; d++) {
      // Feasible interval per dimension: [lo, hi] when active, the slab [-ε, ε] when inactive.
      const aLo = this.active[d] ? this.lo[d] : -eps;
      const aHi = this.active[d] ? this.hi[d] : eps;
      const bLo = other.active[d] ? other.lo[d] : -eps;
      const bHi = other.active[d] ? other.hi[d] : eps;
      if (aLo > bHi || bLo > aHi) return false;
    }
    return true;
  }

  expand(margin: number): ClusterBox {
    if (!(margin >= 0) || !Number.isFinite(margin)) {
      throw new InvalidInputError(`expand: margin must be a finite number >= 0, got ${margin}`);
    }
    const lo = this.lo.slice();
    const hi = this.hi.slice();
    for (let d = 0; d < this.dims; d++) {
      if (!this.active[d]) continue;
      const g = margin * this.sigma[d];
      lo[d] -= g;
      hi[d] += g;
    }
    return this.make({ ...this.toState(), lo, hi });
  }
}

/** Statistics and bounds of rows of a store (the data-oriented fit shared by every kind). */
export function fitState(
  kind: BoxKind,
  store: RowStore,
  rows: ArrayLike<number>,
  options: BoxFitOptions = {},
): Omit<BoxState, 'kind'> {
  const D = store.cols;
  const zeroTolerance = options.zeroTolerance ?? 0;
  const minSharedDims = options.minSharedDims ?? 1;
  if (!(zeroTolerance >= 0) || !Number.isFinite(zeroTolerance)) {
    throw new InvalidInputError(`zeroTolerance must be a finite number >= 0, got ${zeroTolerance}`);
  }
  if (!Number.isInteger(minSharedDims) || minSharedDims < 1) {
    throw new InvalidInputError(`minSharedDims must be an integer >= 1, got ${minSharedDims}`);
  }
  if (rows.length === 0) throw new InvalidInputError(`cannot fit a ${kind} box on zero rows`);
  const lo = new Float64Array(D).fill(Infinity);
  const hi = new Float64Array(D).fill(-Infinity);
  const n = new Float64Array(D);
  const sum = new Float64Array(D);
  const { chunks, chunkOf, offsetOf } = store;
  const partial = kind === 'partial';
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
        if (partial) continue;
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
  const active = new Uint8Array(D);
  for (let d = 0; d < D; d++) {
    if (kind === 'box') active[d] = 1;
    else if (kind === 'partial') active[d] = n[d] > 0 ? 1 : 0;
    else active[d] = Math.max(Math.abs(lo[d]), Math.abs(hi[d])) > zeroTolerance ? 1 : 0;
  }
  return {
    dims: D,
    count: rows.length,
    lo,
    hi,
    active,
    stats: { n, mean, m2 },
    zeroTolerance: kind === 'lower' ? zeroTolerance : 0,
    minSharedDims: kind === 'partial' ? minSharedDims : 1,
  };
}

/** Row indices 0..rows-1 (the default "fit on every row"). */
export function allRows(points: PointMatrix): Int32Array {
  const r = new Int32Array(points.rows);
  for (let i = 0; i < r.length; i++) r[i] = i;
  return r;
}

export function storeOf(points: PointMatrix): RowStore {
  return rowStoreOf([points]);
}
