import { BoxSet } from '../boxes/box-set.js';
import type { ClusterNode } from '../tree/cluster-node.js';

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
  private readonly set: BoxSet;
  /** Scratch: the query copied as float64 (so every box test reads one array type). */
  private readonly qx: Float64Array;

  constructor(nodes: readonly ClusterNode[], labelIndex: ReadonlyMap<string, number>) {
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
    nodes.forEach((node, i) => {
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
    this.qx = new Float64Array(D);
  }

  /** Sets the query for `contains` / `distance`. */
  load(point: ArrayLike<number>, offset: number): void {
    for (let d = 0; d < this.dims; d++) this.qx[d] = point[offset + d];
    this.set.load(this.qx, 0);
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
