import type { PointMatrix } from '../point-matrix.js';
import { AxisBox } from './axis-box.js';
import { allRows, fitOptions, fitStats, storeOf } from './box-fit.js';
import { accumulate, finishDistance, metricCode } from './box-metric.js';
import type { BoxFitOptions, BoxMetric, BoxState, ClusterBox, EscapeEvidence } from './cluster-box.js';
import type { RowStore } from './row-store.js';

/**
 * PartialDimensionalBox — tolerates missing values (NaN). Bounds per dimension come from the members' known values; membership is judged on the dimensions known on both sides (`sharedDims`) and needs at least `minSharedDims` of them (default 1; fewer ⇒ outside).
 */
export class PartialDimensionalBox extends AxisBox {
  /** Always 'partial'. */
  readonly kind = 'partial' as const;

  /** Wraps a complete state (e.g. loaded from JSON); the arrays are used as given. */
  constructor(state: Omit<BoxState, 'kind'>) {
    super(state);
  }

  /** Fits the box on the given rows of `points` (default: all rows). */
  static fit(points: PointMatrix, rows?: ArrayLike<number>, options?: BoxFitOptions): PartialDimensionalBox {
    return PartialDimensionalBox.fitStore(storeOf(points), rows ?? allRows(points), options);
  }

  /**
   * Fits on rows of a chunked row store (streamed batches), on the known values only: a dimension is active
   * (known) where some member has a value there.
   */
  static fitStore(
    store: RowStore,
    rows: ArrayLike<number>,
    options: BoxFitOptions = {},
  ): PartialDimensionalBox {
    const { minSharedDims } = fitOptions(options);
    const { lo, hi, n, mean, m2 } = fitStats('partial', store, rows, true);
    const D = store.cols;
    const active = new Uint8Array(D);
    for (let d = 0; d < D; d++) active[d] = n[d] > 0 ? 1 : 0;
    return new PartialDimensionalBox({
      dims: D,
      count: rows.length,
      lo,
      hi,
      active,
      stats: { n, mean, m2 },
      zeroTolerance: 0,
      minSharedDims,
    });
  }

  protected make(state: Omit<BoxState, 'kind'>): PartialDimensionalBox {
    return new PartialDimensionalBox(state);
  }

  contains(point: ArrayLike<number>, offset = 0): boolean {
    const { lo, hi, active, dims } = this;
    let shared = 0;
    for (let d = 0; d < dims; d++) {
      const x = point[offset + d];
      if (!active[d] || x !== x) continue;
      if (x < lo[d] || x > hi[d]) return false;
      shared++;
    }
    return shared >= this.minSharedDims;
  }

  escape(point: ArrayLike<number>, offset = 0): EscapeEvidence {
    const { lo, hi, active, dims, sigma, sigmaFloor } = this;
    let l0 = 0;
    let dist = 0;
    let shared = 0;
    for (let d = 0; d < dims; d++) {
      const x = point[offset + d];
      // Only dimensions known on both sides count: a missing value is no evidence either way.
      if (x !== x || !active[d]) continue;
      shared++;
      const o = x < lo[d] ? lo[d] - x : x > hi[d] ? x - hi[d] : 0;
      if (o > 0) {
        l0++;
        dist += o / (sigma[d] > sigmaFloor ? sigma[d] : sigmaFloor);
      }
    }
    if (shared < this.minSharedDims) dist = Infinity;
    return { l0, escapeDistance: dist, sharedDims: shared };
  }

  distanceToBoundary(point: ArrayLike<number>, metric: BoxMetric, offset = 0): number {
    const code = metricCode(metric);
    const { lo, hi, active, dims, sigma, sigmaFloor } = this;
    let acc = 0;
    let shared = 0;
    for (let d = 0; d < dims; d++) {
      const x = point[offset + d];
      if (x !== x || !active[d]) continue;
      shared++;
      const o = x < lo[d] ? lo[d] - x : x > hi[d] ? x - hi[d] : 0;
      if (o > 0) acc = accumulate(code, acc, o, 1 / (sigma[d] > sigmaFloor ? sigma[d] : sigmaFloor));
    }
    if (shared < this.minSharedDims) return Infinity;
    return finishDistance(code, acc);
  }

  intersects(other: ClusterBox): boolean {
    this.checkCompatible(other, 'intersects');
    let shared = 0;
    for (let d = 0; d < this.dims; d++) {
      if (!this.active[d] || !other.active[d]) continue;
      if (this.lo[d] > other.hi[d] || other.lo[d] > this.hi[d]) return false;
      shared++;
    }
    return shared >= this.minSharedDims;
  }
}
