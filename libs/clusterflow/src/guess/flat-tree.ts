import { BoxSet, type TransposedBoxes } from '../boxes/box-set.js';
import type { ClusterBox } from '../boxes/cluster-box.js';

/**
 * What guessing reads from a tree node: the tree's `ClusterNode` fits it as it is. Declared here so the arrow
 * runs one way — the tree hands its nodes to the guesser, the guesser never imports the tree.
 */
export interface FlatTreeNode {
  readonly id: number;
  readonly box: ClusterBox;
  readonly members: { readonly length: number };
  /** 'mixed' when no label is shared by every member (a leaf then answers 'mixed', not 'pure'). */
  readonly kind: string;
  readonly labelCounts: ReadonlyMap<string, number>;
  readonly children: readonly { readonly id: number }[];
}

/**
 * The tree as flat typed arrays for the guess hot path: children, label shares (sorted by share) and one
 * `BoxSet` over every node's box for sparse, exact membership tests and boundary distances.
 */
export class FlatTree {
  readonly dims: number;
  readonly size: number;
  readonly childStart: Int32Array;
  readonly childIds: Int32Array;
  readonly lblStart: Int32Array;
  readonly lblId: Int32Array;
  readonly lblShare: Float64Array;
  /** 1 where the node is mixed (no label shared by every member). */
  readonly mixed: Uint8Array;
  private readonly set: BoxSet;
  /**
   * Per node with children: dimension → children strict on it (CSR), so a query only fully tests the
   * children whose strict dimensions are all among its non-zero ones.
   */
  private readonly strictIndex: Array<{ start: Int32Array; kids: Int32Array } | null>;
  private readonly strictCount: Int32Array;
  private readonly hits: Int32Array;
  /** Per node, its children's bounds dimension-major for batched L2 distances (built on first use). */
  private readonly transposed: Array<TransposedBoxes | null | undefined>;

  constructor(nodes: readonly FlatTreeNode[], labelIndex: ReadonlyMap<string, number>) {
    const n = nodes.length;
    const D = nodes[0].box.dims;
    this.dims = D;
    this.size = n;
    this.childStart = new Int32Array(n + 1);
    this.lblStart = new Int32Array(n + 1);
    let nc = 0;
    let nl = 0;
    nodes.forEach((node, i) => {
      this.childStart[i] = nc;
      this.lblStart[i] = nl;
      nc += node.children.length;
      nl += node.labelCounts.size;
    });
    this.childStart[n] = nc;
    this.lblStart[n] = nl;
    this.childIds = new Int32Array(nc);
    this.lblId = new Int32Array(nl);
    this.lblShare = new Float64Array(nl);
    this.mixed = new Uint8Array(n);
    nodes.forEach((node, i) => {
      this.mixed[i] = node.kind === 'mixed' ? 1 : 0;
      node.children.forEach((c, j) => (this.childIds[this.childStart[i] + j] = c.id));
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
    this.set = new BoxSet(
      nodes.map((node) => node.box),
      D,
    );
    this.transposed = new Array<TransposedBoxes | null | undefined>(n);
    this.strictCount = new Int32Array(n);
    this.hits = new Int32Array(n);
    const { strictStart, strict } = this.set;
    for (let i = 0; i < n; i++) this.strictCount[i] = strictStart[i + 1] - strictStart[i];
    this.strictIndex = nodes.map((node) => {
      if (node.children.length === 0) return null;
      const start = new Int32Array(D + 1);
      for (const c of node.children)
        for (let k = strictStart[c.id]; k < strictStart[c.id + 1]; k++) start[strict[k] + 1]++;
      for (let d = 0; d < D; d++) start[d + 1] += start[d];
      const fill = start.slice(0, D);
      const kids = new Int32Array(start[D]);
      for (const c of node.children) {
        for (let k = strictStart[c.id]; k < strictStart[c.id + 1]; k++) kids[fill[strict[k]]++] = c.id;
      }
      return { start, kids };
    });
  }

  /** The first child (lowest id) of `node` containing the loaded query, or -1. */
  firstChildContaining(node: number): number {
    const ix = this.strictIndex[node];
    if (!ix) return -1;
    const nz = this.set.nonZero();
    const { hits, strictCount } = this;
    for (let t = 0; t < nz.length; t++) {
      for (let k = ix.start[nz[t]], end = ix.start[nz[t] + 1]; k < end; k++) hits[ix.kids[k]]++;
    }
    let found = -1;
    for (let c = this.childStart[node], end = this.childStart[node + 1]; c < end; c++) {
      const id = this.childIds[c];
      if (hits[id] === strictCount[id] && this.set.contains(id)) {
        found = id;
        break;
      }
    }
    for (let t = 0; t < nz.length; t++) {
      for (let k = ix.start[nz[t]], end = ix.start[nz[t] + 1]; k < end; k++) hits[ix.kids[k]] = 0;
    }
    return found;
  }

  /**
   * The `m` children of `node` with the smallest boundary distances to the loaded query (ascending, ids in
   * `outId`, distances in `outD`; returns how many, children at infinite distance skipped). Children sharing
   * strict dimensions with the query's non-zero ones are measured first: they are usually the nearest, so
   * the early-stop bound is tight for the rest.
   */
  nearestChildren(node: number, m: number, code: number, outId: number[], outD: number[]): number {
    outId.length = 0;
    outD.length = 0;
    const ix = this.strictIndex[node];
    if (!ix) return 0;
    if (code === 2 && this.nearestChildrenL2(node, m, outId, outD)) return outD.length;
    const nz = this.set.nonZero();
    const { hits } = this;
    for (let t = 0; t < nz.length; t++) {
      for (let k = ix.start[nz[t]], end = ix.start[nz[t] + 1]; k < end; k++) hits[ix.kids[k]]++;
    }
    const c0 = this.childStart[node];
    const c1 = this.childStart[node + 1];
    for (let pass = 0; pass < 2; pass++) {
      for (let c = c0; c < c1; c++) {
        const id = this.childIds[c];
        if (hits[id] > 0 !== (pass === 0)) continue;
        const d = this.set.distance(id, code, outD.length === m ? outD[m - 1] : Infinity);
        if (!(d < Infinity)) continue;
        if (outD.length === m && d >= outD[m - 1]) continue;
        let p = outD.length < m ? outD.length : m - 1;
        while (p > 0 && (outD[p - 1] > d || (outD[p - 1] === d && outId[p - 1] > id))) {
          outD[p] = outD[p - 1];
          outId[p] = outId[p - 1];
          p--;
        }
        outD[p] = d;
        outId[p] = id;
      }
    }
    for (let t = 0; t < nz.length; t++) {
      for (let k = ix.start[nz[t]], end = ix.start[nz[t] + 1]; k < end; k++) hits[ix.kids[k]] = 0;
    }
    return outD.length;
  }

  /**
   * `nearestChildren` for L2 with every child's distance computed in one dimension-major pass (the guess
   * default; per-child distances were one cache miss per child and dimension). Ties go to the lower id.
   * Returns false when the batch does not apply (partial boxes, NaN or tiny values in the query).
   */
  private nearestChildrenL2(node: number, m: number, outId: number[], outD: number[]): boolean {
    let t = this.transposed[node];
    if (t === undefined) {
      t = this.set.transposedL2(this.childIds.subarray(this.childStart[node], this.childStart[node + 1]));
      this.transposed[node] = t;
    }
    if (t === null || !this.set.distancesL2(t)) return false;
    const { ids, acc } = t;
    for (let j = 0; j < ids.length; j++) {
      const d = acc[j];
      const id = ids[j];
      if (!(d < Infinity)) continue;
      if (outD.length === m && (d > outD[m - 1] || (d === outD[m - 1] && id > outId[m - 1]))) continue;
      let p = outD.length < m ? outD.length : m - 1;
      while (p > 0 && (outD[p - 1] > d || (outD[p - 1] === d && outId[p - 1] > id))) {
        outD[p] = outD[p - 1];
        outId[p] = outId[p - 1];
        p--;
      }
      outD[p] = d;
      outId[p] = id;
    }
    return true;
  }

  /** Escape evidence of node i's box for the loaded query (see `BoxSet.escape`). */
  escape(i: number): { l0: number; escapeDistance: number; sharedDims: number } {
    return this.set.escape(i);
  }

  /** Sets the query for `contains` / `distance`. */
  load(point: ArrayLike<number>, offset: number): void {
    this.set.load(point, offset);
  }

  /** Same decision as `ClusterBox.contains` for node i on the loaded query. */
  contains(i: number): boolean {
    return this.set.contains(i);
  }

  /** Boundary distance of node i (see `BoxSet.distance`; stops early beyond `bound`). */
  distance(i: number, code: number, bound = Infinity): number {
    return this.set.distance(i, code, bound);
  }
}
