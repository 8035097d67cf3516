import { accumulate, finishDistance } from './box-metric.js';
import type { ClusterBox } from './cluster-box.js';

/**
 * Bounds of some boxes stored dimension-major (`lo[d · n + j]` for the j-th box), see `BoxSet.transposedL2`.
 *
 * @inline
 */
export interface TransposedBoxes {
  /** The boxes' indices in the set (n of them, in the order of the columns below). */
  readonly ids: Int32Array;
  /** Lower bounds of the feasible intervals, dims × n dimension-major. */
  readonly lo: Float64Array;
  /** Upper bounds of the feasible intervals, dims × n dimension-major. */
  readonly hi: Float64Array;
  /** Per box, the squared L2 distance of the all-zero point. */
  readonly zeroSum: Float64Array;
  /** Scratch: the distances of the last `distancesL2` call. */
  readonly acc: Float64Array;
}

/**
 * Many boxes of one kind, tested together against one point at a time, with exactly the decision of
 * `ClusterBox.contains` but sparse work: a point's non-zero dimensions (|x| > ε, or NaN) are checked first
 * against dense per-box feasible intervals (a sparse point escapes an unrelated box after a few lookups),
 * then only the box's "tight" dimensions — those where some |x| ≤ ε could fall outside. Every other
 * dimension holds a value in [-ε, ε] inside an interval covering [-ε, ε], so it cannot fail.
 */
export class BoxSet {
  /** Number of dimensions of the boxes and of a loaded point. */
  readonly dims: number;
  /** Number of boxes in the set. */
  readonly size: number;
  private readonly eps: number;
  private readonly partial: boolean;
  /** Dense size × dims feasible intervals; a partial box's unknown dimension is (-∞, ∞) and flagged. */
  private readonly L: Float64Array;
  private readonly H: Float64Array;
  private readonly known: Uint8Array;
  /** Dense 1/σ̃ per box × dim (σ̃ = max(σ, sigmaFloor)), for Mahalanobis distances. */
  private readonly invSig: Float64Array;
  private readonly tightStart: Int32Array;
  private readonly tight: Int32Array;
  private readonly activeCount: Int32Array;
  /** Dense active flags (a lower box's inactive dimensions escape with their raw value). */
  private readonly active: Uint8Array;
  private readonly kindLower: boolean;
  /**
   * Per box, the "strict" dimensions: every |x| ≤ ε is outside there, so a point inside must be non-zero
   * (or NaN) on all of them — a necessary condition checked by an inverted index (see `strictDims`).
   */
  readonly strictStart: Int32Array;
  /** Strict dimensions of every box, concatenated: box b's are `strict[strictStart[b] .. strictStart[b + 1])`. */
  readonly strict: Int32Array;
  private readonly minShared: Int32Array;
  private readonly nz: Int32Array;
  private nzCount = 0;
  /** Values of the loaded point in (0, ε] in absolute value (`distancesL2` leaves those to `distance`). */
  private smallCount = 0;
  /** The loaded point, copied (every test then reads one monomorphic Float64Array). */
  private readonly x: Float64Array;

  constructor(boxes: readonly ClusterBox[], dims: number) {
    const n = boxes.length;
    this.dims = dims;
    this.size = n;
    this.eps = n > 0 ? boxes[0].zeroTolerance : 0;
    this.partial = n > 0 && boxes[0].kind === 'partial';
    const eps = this.eps;
    this.L = new Float64Array(n * dims);
    this.H = new Float64Array(n * dims);
    this.known = new Uint8Array(n * dims);
    this.invSig = new Float64Array(n * dims);
    this.tightStart = new Int32Array(n + 1);
    this.activeCount = new Int32Array(n);
    this.active = new Uint8Array(n * dims);
    this.kindLower = n > 0 && boxes[0].kind === 'lower';
    this.strictStart = new Int32Array(n + 1);
    const strict: number[] = [];
    this.minShared = new Int32Array(n);
    const tight: number[] = [];
    boxes.forEach((box, b) => {
      this.tightStart[b] = tight.length;
      this.strictStart[b] = strict.length;
      this.minShared[b] = box.minSharedDims;
      const base = b * dims;
      for (let d = 0; d < dims; d++) {
        const active = box.active[d] === 1;
        let lo: number;
        let hi: number;
        if (active) {
          lo = box.lo[d];
          hi = box.hi[d];
          this.activeCount[b]++;
          this.active[base + d] = 1;
        } else if (box.kind === 'partial') {
          lo = -Infinity;
          hi = Infinity;
        } else {
          lo = -eps;
          hi = eps;
        }
        this.L[base + d] = lo;
        this.H[base + d] = hi;
        this.known[base + d] = active || box.kind !== 'partial' ? 1 : 0;
        this.invSig[base + d] = 1 / (box.sigma[d] > box.sigmaFloor ? box.sigma[d] : box.sigmaFloor);
        if (!(lo <= -eps && hi >= eps)) tight.push(d);
        if (lo > eps || hi < -eps) strict.push(d);
      }
    });
    this.tightStart[n] = tight.length;
    this.strictStart[n] = strict.length;
    this.strict = Int32Array.from(strict);
    this.tight = Int32Array.from(tight);
    this.nz = new Int32Array(dims);
    this.x = new Float64Array(dims);
  }

  /** Dimensions of the loaded point with |x| > ε or NaN (valid until the next `load`). */
  nonZero(): Int32Array {
    return this.nz.subarray(0, this.nzCount);
  }

  /** Sets the point (`data[offset .. offset+dims)`) that `contains` tests. */
  load(data: ArrayLike<number>, offset = 0): void {
    const eps = this.eps;
    const x = this.x;
    let c = 0;
    let small = 0;
    for (let d = 0; d < this.dims; d++) {
      const v = data[offset + d];
      x[d] = v;
      if (!(Math.abs(v) <= eps)) this.nz[c++] = d;
      else if (v !== 0) small++;
    }
    this.nzCount = c;
    this.smallCount = small;
  }

  /**
   * A dimension-major copy of some boxes' bounds for `nearestL2`: reading one dimension of every box is then
   * one contiguous run instead of one cache miss per box (the dense per-box rows are `dims` apart).
   */
  transposedL2(ids: Int32Array): TransposedBoxes | null {
    if (this.partial) return null; // partial boxes skip unknown dimensions: keep the exact per-box path
    const n = ids.length;
    const { dims, L, H } = this;
    const lo = new Float64Array(dims * n);
    const hi = new Float64Array(dims * n);
    const zeroSum = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      const base = ids[j] * dims;
      for (let d = 0; d < dims; d++) {
        const l = L[base + d];
        const h = H[base + d];
        lo[d * n + j] = l;
        hi[d * n + j] = h;
        // Overshoot of x_d = 0: what a zero dimension adds (tight dimensions only; 0 elsewhere).
        const z = l > 0 ? l : h < 0 ? -h : 0;
        zeroSum[j] += z * z;
      }
    }
    return { ids, lo, hi, zeroSum, acc: new Float64Array(n) };
  }

  /**
   * The L2 boundary distances of every box in `t` to the loaded point at once: start from each box's
   * all-zero cost and correct it on the point's non-zero dimensions only. Same values as `distance` up to
   * summation order. Returns false (nothing written) when the point has a NaN or a value in (0, ε] — rare
   * cases left to the exact per-box path.
   */
  distancesL2(t: TransposedBoxes): boolean {
    const { nz, x } = this;
    const n = t.ids.length;
    const { lo, hi, acc } = t;
    if (this.smallCount > 0) return false;
    for (let k = 0; k < this.nzCount; k++) if (x[nz[k]] !== x[nz[k]]) return false;
    acc.set(t.zeroSum);
    for (let k = 0; k < this.nzCount; k++) {
      const d = nz[k];
      const v = x[d];
      const row = d * n;
      for (let j = 0; j < n; j++) {
        // Branch-free overshoots of v and of 0 (lo ≤ hi, so at most one term of each is positive): the zero
        // dimension's cost, already in zeroSum, is swapped for v's. Recomputing it here reads 2 arrays, not 3.
        const l = lo[row + j];
        const h = hi[row + j];
        const o = Math.max(l - v, 0) + Math.max(v - h, 0);
        const z = Math.max(l, 0) + Math.max(-h, 0);
        acc[j] += o * o - z * z;
      }
    }
    for (let j = 0; j < n; j++) acc[j] = Math.sqrt(acc[j] > 0 ? acc[j] : 0);
    return true;
  }

  /** Same answer as `boxes[b].contains(point)` for the loaded point. */
  contains(b: number): boolean {
    const { L, H, nz, x } = this;
    const base = b * this.dims;
    if (this.partial) {
      let missing = 0;
      for (let t = 0; t < this.nzCount; t++) {
        const d = nz[t];
        if (this.known[base + d] === 0) continue;
        const v = x[d];
        if (v !== v) missing++;
        else if (v < L[base + d] || v > H[base + d]) return false;
      }
      for (let k = this.tightStart[b], end = this.tightStart[b + 1]; k < end; k++) {
        const d = this.tight[k];
        const v = x[d];
        if (v < L[base + d] || v > H[base + d]) return false; // NaN compares false: counted above
      }
      return this.activeCount[b] - missing >= this.minShared[b];
    }
    for (let t = 0; t < this.nzCount; t++) {
      const v = x[nz[t]];
      if (!(v >= L[base + nz[t]] && v <= H[base + nz[t]])) return false;
    }
    for (let k = this.tightStart[b], end = this.tightStart[b + 1]; k < end; k++) {
      const d = this.tight[k];
      const v = x[d];
      if (!(v >= L[base + d] && v <= H[base + d])) return false;
    }
    return true;
  }

  /**
   * Distance from the loaded point to box b's boundary in the metric `code` (see `metricCode`), equal to
   * `ClusterBox.distanceToBoundary` up to summation order, computed over the point's non-zero and the box's
   * tight dimensions only (every other dimension overshoots by 0). `bound` (in the metric's own units) lets
   * it stop early: once the partial distance exceeds it, a value > bound is returned.
   */
  distance(b: number, code: number, bound = Infinity): number {
    const { L, H, nz, x, invSig } = this;
    const base = b * this.dims;
    const eps = this.eps;
    const partial = this.partial;
    // Compare in accumulator units (squares for L2 / Mahalanobis) to stop early without square roots.
    const limit = code === 2 || code === 4 ? bound * bound : bound;
    if (code === 2 && !partial) return this.distanceL2(b, limit);
    let acc = 0;
    let missing = 0;
    for (let t = 0; t < this.nzCount; t++) {
      const d = nz[t];
      if (partial && this.known[base + d] === 0) continue;
      const v = x[d];
      if (v !== v) {
        if (!partial) return Infinity;
        missing++;
        continue;
      }
      const o = v < L[base + d] ? L[base + d] - v : v > H[base + d] ? v - H[base + d] : 0;
      if (o > 0) {
        acc = accumulate(code, acc, o, invSig[base + d]);
        if (acc > limit) return finishDistance(code, acc);
      }
    }
    for (let k = this.tightStart[b], end = this.tightStart[b + 1]; k < end; k++) {
      const d = this.tight[k];
      const v = x[d];
      if (!(Math.abs(v) <= eps)) continue; // counted with the non-zero dimensions
      const o = v < L[base + d] ? L[base + d] - v : v > H[base + d] ? v - H[base + d] : 0;
      if (o > 0) acc = accumulate(code, acc, o, invSig[base + d]);
    }
    if (partial && this.activeCount[b] - missing < this.minShared[b]) return Infinity;
    return finishDistance(code, acc);
  }

  /** `distance` for L2 on a box / lower set, specialised: the guess default and the hot case. */
  private distanceL2(b: number, limit: number): number {
    const { L, H, nz, x } = this;
    const base = b * this.dims;
    const eps = this.eps;
    let acc = 0;
    for (let t = 0, n = this.nzCount; t < n; t++) {
      const i = base + nz[t];
      const v = x[nz[t]];
      if (v !== v) return Infinity;
      const lo = L[i];
      const hi = H[i];
      const o = v < lo ? lo - v : v > hi ? v - hi : 0;
      acc += o * o;
      if (acc > limit) return Math.sqrt(acc);
    }
    for (let k = this.tightStart[b], end = this.tightStart[b + 1]; k < end; k++) {
      const d = this.tight[k];
      const v = x[d];
      if (!(Math.abs(v) <= eps)) continue;
      const lo = L[base + d];
      const hi = H[base + d];
      const o = v < lo ? lo - v : v > hi ? v - hi : 0;
      acc += o * o;
      if (acc > limit) return Math.sqrt(acc);
    }
    return Math.sqrt(acc);
  }

  /**
   * Same evidence as `ClusterBox.escape` (up to summation order) for box b on the loaded point, over its
   * non-zero and tight dimensions only.
   */
  escape(b: number): {
    /** Number of escaping dimensions. */
    l0: number;
    /** Σ overshoot / σ̃ over escaping dimensions; Infinity when the decision is impossible. */
    escapeDistance: number;
    /** How many dimensions the decision rested on (known on both sides). */
    sharedDims: number;
  } {
    const { L, H, nz, x, invSig } = this;
    const base = b * this.dims;
    const eps = this.eps;
    const partial = this.partial;
    let l0 = 0;
    let dist = 0;
    let missing = 0;
    for (let t = 0; t < this.nzCount; t++) {
      const d = nz[t];
      if (partial && this.known[base + d] === 0) continue;
      const v = x[d];
      if (v !== v) {
        missing++;
        if (!partial) {
          l0++;
          dist = Infinity;
        }
        continue;
      }
      let o: number;
      if (this.kindLower && this.active[base + d] === 0)
        o = Math.abs(v); // raw value on an inactive dimension
      else o = v < L[base + d] ? L[base + d] - v : v > H[base + d] ? v - H[base + d] : 0;
      if (o > 0) {
        l0++;
        dist += o * invSig[base + d];
      }
    }
    for (let k = this.tightStart[b], end = this.tightStart[b + 1]; k < end; k++) {
      const d = this.tight[k];
      const v = x[d];
      if (!(Math.abs(v) <= eps)) continue;
      const o = v < L[base + d] ? L[base + d] - v : v > H[base + d] ? v - H[base + d] : 0;
      if (o > 0) {
        l0++;
        dist += o * invSig[base + d];
      }
    }
    const shared = partial ? this.activeCount[b] - missing : this.dims - missing;
    if (partial && shared < this.minShared[b]) dist = Infinity;
    return { l0, escapeDistance: dist, sharedDims: shared };
  }
}
