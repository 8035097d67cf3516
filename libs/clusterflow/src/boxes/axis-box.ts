import { InvalidInputError } from '../errors/clusterflow-error.js';
import type { BoxKind, BoxMetric, BoxState, ClusterBox, EscapeEvidence } from './cluster-box.js';
import { sigmaFloorOf } from './sigma-floor.js';

/**
 * Bookkeeping shared by every box kind: per-dimension typed arrays (no per-point objects), σ and its floor,
 * the state, pooled unions and margins. How a point is judged (missing values, unconstrained dimensions) is
 * the kind's own, in its subclass.
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

  /** Inside ⇔ no escaping dimension (and, for `partial`, at least `minSharedDims` shared dimensions). */
  abstract contains(point: ArrayLike<number>, offset?: number): boolean;
  /** Graded evidence of how far the point (read from `offset`, default 0) lies outside the box. */
  abstract escape(point: ArrayLike<number>, offset?: number): EscapeEvidence;
  /** Distance from the point to the box boundary in the given metric; 0 inside. */
  abstract distanceToBoundary(point: ArrayLike<number>, metric: BoxMetric, offset?: number): number;
  /** True when some point lies inside both boxes. */
  abstract intersects(other: ClusterBox): boolean;

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

  /** Two boxes combine only when of one kind, dimension count and tolerances (`op` names the caller). */
  protected checkCompatible(other: ClusterBox, op: string): void {
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
