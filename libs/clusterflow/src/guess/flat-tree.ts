import { accumulate, finishDistance } from '../boxes/axis-box.js';
import { BoxSet } from '../boxes/box-set.js';
import type { ClusterNode } from '../tree/cluster-node.js';

const MODE = { box: 0, lower: 1, partial: 2 } as const;

/**
 * The tree as flat typed arrays for the guess hot path: per node, its constrained dimensions (compact lists of
 * index, lo, hi, 1/σ̃), an active mask, children and label shares. A lower box is checked from the query's
 * non-zero dimensions first (a sparse query escapes an unrelated box in one lookup), then on its active ones.
 */
export class FlatTree {
  readonly dims: number;
  readonly size: number;
  readonly childStart: Int32Array;
  readonly childIds: Int32Array;
  readonly mode: Uint8Array;
  readonly eps: Float64Array;
  readonly minShared: Int32Array;
  readonly dimStart: Int32Array;
  readonly dimIdx: Int32Array;
  readonly lo: Float64Array;
  readonly hi: Float64Array;
  readonly invSig: Float64Array;
  /** Dense per node × dim: active flag and 1/σ̃ (the latter used on a lower box's inactive dimensions). */
  readonly mask: Uint8Array;
  readonly invSigDense: Float64Array;
  readonly lblStart: Int32Array;
  readonly lblId: Int32Array;
  readonly lblShare: Float64Array;
  /** Scratch: the query copied as float64 and its dimensions with |x| > ε (or NaN). */
  readonly qx: Float64Array;
  readonly nz: Int32Array;
  nzCount = 0;
  /** Membership tests (sparse, exact). */
  private readonly set: BoxSet;

  constructor(nodes: readonly ClusterNode[], labelIndex: ReadonlyMap<string, number>) {
    const n = nodes.length;
    const D = nodes[0].box.dims;
    this.dims = D;
    this.size = n;
    this.childStart = new Int32Array(n + 1);
    this.dimStart = new Int32Array(n + 1);
    this.lblStart = new Int32Array(n + 1);
    this.mode = new Uint8Array(n);
    this.eps = new Float64Array(n);
    this.minShared = new Int32Array(n);
    let nc = 0;
    let nd = 0;
    let nl = 0;
    nodes.forEach((node, i) => {
      this.childStart[i] = nc;
      this.dimStart[i] = nd;
      this.lblStart[i] = nl;
      nc += node.children.length;
      for (let d = 0; d < D; d++) nd += node.box.active[d];
      nl += node.labelCounts.size;
    });
    this.childStart[n] = nc;
    this.dimStart[n] = nd;
    this.lblStart[n] = nl;
    this.childIds = new Int32Array(nc);
    this.dimIdx = new Int32Array(nd);
    this.lo = new Float64Array(nd);
    this.hi = new Float64Array(nd);
    this.invSig = new Float64Array(nd);
    this.mask = new Uint8Array(n * D);
    this.invSigDense = new Float64Array(n * D);
    this.lblId = new Int32Array(nl);
    this.lblShare = new Float64Array(nl);
    nodes.forEach((node, i) => {
      const { box } = node;
      this.mode[i] = MODE[box.kind];
      this.eps[i] = box.zeroTolerance;
      this.minShared[i] = box.minSharedDims;
      node.children.forEach((c, j) => (this.childIds[this.childStart[i] + j] = c.id));
      let k = this.dimStart[i];
      for (let d = 0; d < D; d++) {
        const s = box.sigma[d] > box.sigmaFloor ? box.sigma[d] : box.sigmaFloor;
        this.invSigDense[i * D + d] = 1 / s;
        if (!box.active[d]) continue;
        this.mask[i * D + d] = 1;
        this.dimIdx[k] = d;
        this.lo[k] = box.lo[d];
        this.hi[k] = box.hi[d];
        this.invSig[k] = 1 / s;
        k++;
      }
      const total = node.members.length;
      const entries = [...node.labelCounts].map(([name, c]) => ({
        id: labelIndex.get(name) as number,
        share: c / total,
      }));
      entries.sort((a, b) => b.share - a.share || a.id - b.id);
      entries.forEach((e, j) => {
        this.lblId[this.lblStart[i] + j] = e.id;
        this.lblShare[this.lblStart[i] + j] = e.share;
      });
    });
    this.qx = new Float64Array(D);
    this.nz = new Int32Array(D);
    this.set = new BoxSet(
      nodes.map((node) => node.box),
      D,
    );
  }

  /** Copies the query into scratch and lists its dimensions beyond ε (the tree shares one ε). */
  load(point: ArrayLike<number>, offset: number): void {
    const { qx, nz, dims } = this;
    const eps = this.eps[0];
    let c = 0;
    for (let d = 0; d < dims; d++) {
      const v = point[offset + d];
      qx[d] = v;
      if (!(Math.abs(v) <= eps)) nz[c++] = d;
    }
    this.nzCount = c;
    this.set.load(qx, 0);
  }

  /** Same decision as `ClusterBox.contains` for node i on the loaded query. */
  contains(i: number): boolean {
    return this.set.contains(i);
  }

  /** Same value as `ClusterBox.distanceToBoundary` (up to summation order) for node i on the loaded query. */
  distance(i: number, code: number): number {
    const { qx, dimIdx, lo, hi, invSig } = this;
    const mode = this.mode[i];
    let acc = 0;
    let shared = 0;
    for (let k = this.dimStart[i], end = this.dimStart[i + 1]; k < end; k++) {
      const v = qx[dimIdx[k]];
      if (v !== v) {
        if (mode === 2) continue;
        return Infinity;
      }
      shared++;
      const o = v < lo[k] ? lo[k] - v : v > hi[k] ? v - hi[k] : 0;
      if (o > 0) acc = accumulate(code, acc, o, invSig[k]);
    }
    if (mode === 2) return shared < this.minShared[i] ? Infinity : finishDistance(code, acc);
    if (mode === 1) {
      const base = i * this.dims;
      const eps = this.eps[i];
      for (let t = 0; t < this.nzCount; t++) {
        const d = this.nz[t];
        if (this.mask[base + d] === 1) continue;
        const v = qx[d];
        if (v !== v) return Infinity;
        const o = Math.abs(v) - eps;
        if (o > 0) acc = accumulate(code, acc, o, this.invSigDense[base + d]);
      }
    }
    return finishDistance(code, acc);
  }
}
