import { AxisBox } from './axis-box.js';
import { accumulate, finishDistance, metricCode } from './box-metric.js';
import type { BoxMetric, ClusterBox, EscapeEvidence } from './cluster-box.js';

/**
 * Membership for the kinds fitted on complete rows (`Box`, `LowerDimensionalBox`): an active dimension is
 * judged against [lo, hi], an inactive one against the zero slab [−zeroTolerance, zeroTolerance] (a `Box` has
 * none: it fits every dimension as active), and a missing value can never be confirmed inside.
 */
export abstract class CompleteBox extends AxisBox {
  contains(point: ArrayLike<number>, offset = 0): boolean {
    const { lo, hi, active, dims } = this;
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
    const eps = this.zeroTolerance;
    let l0 = 0;
    let dist = 0;
    let shared = 0;
    for (let d = 0; d < dims; d++) {
      const x = point[offset + d];
      if (x !== x) {
        // A missing value on a box that constrains every dimension cannot be confirmed inside.
        l0++;
        dist = Infinity;
        continue;
      }
      shared++;
      let o: number;
      if (active[d]) o = x < lo[d] ? lo[d] - x : x > hi[d] ? x - hi[d] : 0;
      else o = Math.abs(x) > eps ? Math.abs(x) : 0;
      if (o > 0) {
        l0++;
        dist += o / (sigma[d] > sigmaFloor ? sigma[d] : sigmaFloor);
      }
    }
    return { l0, escapeDistance: dist, sharedDims: shared };
  }

  distanceToBoundary(point: ArrayLike<number>, metric: BoxMetric, offset = 0): number {
    const code = metricCode(metric);
    const { lo, hi, active, dims, sigma, sigmaFloor } = this;
    const eps = this.zeroTolerance;
    let acc = 0;
    for (let d = 0; d < dims; d++) {
      const x = point[offset + d];
      if (x !== x) return Infinity;
      let o: number;
      if (active[d]) o = x < lo[d] ? lo[d] - x : x > hi[d] ? x - hi[d] : 0;
      else {
        // Distance to the inactive slab [-ε, ε] of a lower box.
        const a = Math.abs(x) - eps;
        o = a > 0 ? a : 0;
      }
      if (o > 0) acc = accumulate(code, acc, o, 1 / (sigma[d] > sigmaFloor ? sigma[d] : sigmaFloor));
    }
    return finishDistance(code, acc);
  }

  intersects(other: ClusterBox): boolean {
    this.checkCompatible(other, 'intersects');
    const D = this.dims;
    const eps = this.zeroTolerance;
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
}
