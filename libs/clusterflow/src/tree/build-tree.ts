import { boxFromState, fitBox } from '../boxes/box-factory.js';
import type { ClusterBox } from '../boxes/cluster-box.js';
import { rowStoreOf, type RowStore } from '../boxes/row-store.js';
import { InvalidInputError } from '../errors/clusterflow-error.js';
import type { PointMatrix } from '../point-matrix.js';
import { createRng, type Rng } from '../rng.js';
import type { ClusterNode, LeafReason, NodeKind } from './cluster-node.js';
import { ClusterTree } from './cluster-tree.js';
import { LabelTableBuilder, type LabelTable } from './label-table.js';
import { partitionBoxes, type Cluster, type SeededBox } from './partition.js';
import { seedLabelBoxes } from './seed-label-boxes.js';
import { resolveTreeOptions, type ResolvedTreeOptions, type TreeBuildOptions } from './tree-options.js';

/** Mutable node used while building; frozen into `ClusterNode`s at the end. */
interface DraftNode {
  id: number;
  depth: number;
  parent: number;
  box: ClusterBox;
  members: Int32Array;
  kind: NodeKind;
  sharedIds: number[];
  counts: Map<number, number>;
  children: DraftNode[];
  leafReason: LeafReason;
}

/**
 * Builds a ClusterFlow tree (docs/ARCHITECTURE.md "Building the tree", paper §2.2.3) over `points` (rows; NaN = missing,
 * use boxKind 'partial' then) and one label list per point (multi-label allowed).
 *
 * 1. Per label, level-1 clusters are seeded from that label's points (detK by default).
 * 2. The world (root, depth 0) is the box around all points grown by `worldMargin`·σ, covering every level-1
 *    cluster.
 * 3. Every point is allocated to every cluster containing it; overlapping clusters are merged into their
 *    union box until none overlap (`overlap` rule: by default a point inside two clusters that is foreign to
 *    one of them; a multi-label point in the clusters of its own labels belongs to all of them).
 *    A cluster is pure if some label is shared by all its members, else mixed.
 * 4. Mixed clusters are split again from their own members (per label as above; if that reproduces the same
 *    partition, by detK on all their points with K ≥ 2), down to `maxDepth`; a split that still changes
 *    nothing leaves a mixed leaf (leafReason 'noProgress').
 * 5. A label with 1 point in a node cannot be seeded: points in no cluster are set aside as rejects and
 *    clustered together as a final batch under the world; those still alone become singleton leaves
 *    (`tree.rejects`).
 *
 * @throws InvalidInputError when labels do not match the rows, a point has no label, an option is out of
 *   range, or a `box`/`lower` tree gets a NaN.
 */
export function buildTree(
  points: PointMatrix,
  labels: ReadonlyArray<readonly string[]>,
  options: TreeBuildOptions = {},
): ClusterTree {
  if (labels.length !== points.rows) {
    throw new InvalidInputError(`labels has ${labels.length} entries but points has ${points.rows} rows`);
  }
  const table = new LabelTableBuilder();
  table.add(labels, 0);
  return buildFromStore(rowStoreOf([points]), table.build(), options);
}

/** The builder over a chunked row store (shared by `buildTree` and `buildTreeStreaming`). */
export function buildFromStore(
  store: RowStore,
  labels: LabelTable,
  options: TreeBuildOptions = {},
): ClusterTree {
  const opts = resolveTreeOptions(options);
  if (store.rows < 1) throw new InvalidInputError('cannot build a tree from 0 points');
  return new TreeBuilder(store, labels, opts, options.onProgress).build();
}

class TreeBuilder {
  private readonly rng: Rng;
  private readonly all: DraftNode[] = [];
  private readonly rejects: number[] = [];
  private readonly scratch: Int32Array;

  constructor(
    private readonly store: RowStore,
    private readonly labels: LabelTable,
    private readonly opts: ResolvedTreeOptions,
    private readonly onProgress: TreeBuildOptions['onProgress'],
  ) {
    this.rng = createRng(opts.seed);
    this.scratch = new Int32Array(labels.names.length);
  }

  build(): ClusterTree {
    const { store, opts } = this;
    const everyone = new Int32Array(store.rows);
    for (let i = 0; i < everyone.length; i++) everyone[i] = i;
    const fit = { zeroTolerance: opts.zeroTolerance, minSharedDims: opts.minSharedDims };
    const worldBox = fitBox(opts.boxKind, store, everyone, fit).expand(opts.worldMargin);
    const root = this.node(worldBox, everyone, 0, -1);
    this.progress('world', 0, store.rows);

    // Breadth-first so node ids grow level by level.
    const queue: DraftNode[] = [root];
    this.drain(queue);

    // Final batch: every reject clustered together under the world; what is still alone is a singleton leaf.
    if (this.rejects.length > 0) {
      // A point shared by sibling clusters (a multi-label point) can be rejected by one of them and placed
      // by another: only points in no leaf below the world are rejects, each once.
      let placed = this.placedInLeaves();
      const batch = Int32Array.from(new Set(this.rejects.filter((i) => !placed[i]))).sort();
      this.rejects.length = 0;
      this.progress('rejects', 0, batch.length);
      const { clusters, rejects } = this.partition(batch);
      for (const c of clusters) queue.push(this.child(root, c));
      this.drain(queue);
      // Rejects of the final batch's own recursion are alone as well.
      placed = this.placedInLeaves();
      const alone = [...rejects, ...this.rejects].filter((i) => !placed[i]);
      const singletons = [...new Set(alone)].sort((a, b) => a - b);
      for (const i of singletons) {
        const box = fitBox(opts.boxKind, store, [i], fit).expand(opts.margin);
        const leaf = this.child(root, { box, members: Int32Array.of(i) });
        leaf.kind = 'singleton';
        leaf.leafReason = 'singleton';
      }
      this.rejects.length = 0;
      this.rejects.push(...singletons);
    }
    // The world covers every cluster (a union box may reach past the world's own margin).
    const world = this.cover(root.box, root.children);
    root.box = world;
    this.progress('done', 0, store.rows);
    return this.freeze(root);
  }

  /** Marks the points that are members of some leaf below the world. */
  private placedInLeaves(): Uint8Array {
    const placed = new Uint8Array(this.store.rows);
    for (const n of this.all) {
      if (n.depth > 0 && n.children.length === 0) for (const i of n.members) placed[i] = 1;
    }
    return placed;
  }

  private drain(queue: DraftNode[]): void {
    while (queue.length > 0) {
      const node = queue.shift() as DraftNode;
      if (node.kind !== 'mixed') {
        node.leafReason = 'pure';
        continue;
      }
      if (node.depth >= this.opts.maxDepth) {
        node.leafReason = 'maxDepth';
        continue;
      }
      this.progress('node', node.depth, node.members.length);
      let { clusters, rejects } = this.partition(node.members);
      // Same partition again, or (below the world) no label left to seed: try the paper's label-agnostic
      // split (detK on all the cluster's points, at least 2 clusters) before calling it a mixed leaf.
      const stuck = (c: Cluster[]): boolean =>
        c.some((x) => x.members.length === node.members.length) || (c.length === 0 && node.depth > 0);
      if (stuck(clusters)) {
        ({ clusters, rejects } = this.splitByPoints(node.members));
        if (stuck(clusters) || clusters.length === 0) {
          node.leafReason = 'noProgress';
          continue;
        }
      }
      for (const c of clusters) queue.push(this.child(node, c));
      for (let r = 0; r < rejects.length; r++) this.rejects.push(rejects[r]);
    }
  }

  /** Seeds every label with ≥ 2 points among `members`, merges overlapping boxes, allocates the points. */
  private partition(members: Int32Array): { clusters: Cluster[]; rejects: Int32Array } {
    const { start, ids } = this.labels;
    const rowsOf = new Map<number, number[]>();
    for (let r = 0; r < members.length; r++) {
      const i = members[r];
      for (let t = start[i]; t < start[i + 1]; t++) {
        const list = rowsOf.get(ids[t]);
        if (list) list.push(i);
        else rowsOf.set(ids[t], [i]);
      }
    }
    const boxes: SeededBox[] = [];
    const order = [...rowsOf.keys()].sort((a, b) => a - b);
    for (const label of order) {
      const rows = rowsOf.get(label) as number[];
      const seed = this.rng.nextInt(0x7fffffff);
      if (rows.length < 2) continue;
      for (const box of seedLabelBoxes(this.store, Int32Array.from(rows), this.opts, seed)) {
        boxes.push({ box, labels: [label] });
      }
    }
    if (boxes.length === 0) return { clusters: [], rejects: members };
    return partitionBoxes(this.store, this.labels, members, boxes, this.opts.overlap);
  }

  /** Label-agnostic split of a mixed cluster's points (paper §2.2.3: "using detK on the activations"). */
  private splitByPoints(members: Int32Array): { clusters: Cluster[]; rejects: Int32Array } {
    const seed = this.rng.nextInt(0x7fffffff);
    if (members.length < 4) return { clusters: [], rejects: members };
    const boxes = seedLabelBoxes(this.store, members, this.opts, seed, 2);
    if (boxes.length < 2) return { clusters: [], rejects: members };
    // Label-agnostic boxes have no native points: any shared point merges them.
    const seeded = boxes.map((box) => ({ box, labels: [] }));
    return partitionBoxes(this.store, this.labels, members, seeded, this.opts.overlap);
  }

  private child(parent: DraftNode, cluster: Cluster): DraftNode {
    const node = this.node(cluster.box, cluster.members, parent.depth + 1, parent.id);
    parent.children.push(node);
    return node;
  }

  private node(box: ClusterBox, members: Int32Array, depth: number, parent: number): DraftNode {
    const { start, ids } = this.labels;
    const counts = this.scratch;
    const touched: number[] = [];
    for (let r = 0; r < members.length; r++) {
      const i = members[r];
      for (let t = start[i]; t < start[i + 1]; t++) {
        if (counts[ids[t]]++ === 0) touched.push(ids[t]);
      }
    }
    touched.sort((a, b) => a - b);
    const map = new Map<number, number>();
    const shared: number[] = [];
    for (const l of touched) {
      map.set(l, counts[l]);
      if (counts[l] === members.length) shared.push(l);
      counts[l] = 0;
    }
    const node: DraftNode = {
      id: this.all.length,
      depth,
      parent,
      box,
      members,
      kind: shared.length > 0 ? 'pure' : 'mixed',
      sharedIds: shared,
      counts: map,
      children: [],
      leafReason: null,
    };
    this.all.push(node);
    return node;
  }

  /** World bounds extended over the clusters' boxes (statistics stay the world's own). */
  private cover(world: ClusterBox, children: readonly DraftNode[]): ClusterBox {
    const lo = world.lo.slice();
    const hi = world.hi.slice();
    const active = world.active.slice();
    const visit = (n: DraftNode): void => {
      for (let d = 0; d < lo.length; d++) {
        if (!n.box.active[d]) continue;
        if (n.box.lo[d] < lo[d]) lo[d] = n.box.lo[d];
        if (n.box.hi[d] > hi[d]) hi[d] = n.box.hi[d];
        active[d] = 1;
      }
      n.children.forEach(visit);
    };
    children.forEach(visit);
    return boxFromWorld(world, lo, hi, active);
  }

  private progress(phase: 'world' | 'node' | 'rejects' | 'done', depth: number, points: number): void {
    this.onProgress?.({ phase, nodes: this.all.length, depth, points });
  }

  private freeze(root: DraftNode): ClusterTree {
    const names = this.labels.names;
    const frozen = new Map<number, ClusterNode>();
    const make = (n: DraftNode): ClusterNode => {
      const children = n.children.map(make);
      const labelCounts = new Map<string, number>();
      for (const [l, c] of n.counts) labelCounts.set(names[l], c);
      const node: ClusterNode = {
        id: n.id,
        depth: n.depth,
        parent: n.parent,
        box: n.box,
        members: n.members,
        kind: n.kind,
        sharedLabels: n.sharedIds.map((l) => names[l]).sort(),
        labelCounts,
        children,
        leafReason: n.children.length > 0 ? null : n.leafReason,
      };
      frozen.set(n.id, node);
      return node;
    };
    make(root);
    const nodes = this.all.map((n) => frozen.get(n.id) as ClusterNode);
    return new ClusterTree({
      nodes,
      rejects: Int32Array.from(this.rejects),
      labels: names.slice(),
      points: this.store.rows,
      options: this.opts,
    });
  }
}

function boxFromWorld(world: ClusterBox, lo: Float64Array, hi: Float64Array, active: Uint8Array): ClusterBox {
  return boxFromState({
    kind: world.kind,
    dims: world.dims,
    count: world.count,
    lo,
    hi,
    active,
    stats: world.stats,
    zeroTolerance: world.zeroTolerance,
    minSharedDims: world.minSharedDims,
  });
}
