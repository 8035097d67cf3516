import { InvalidInputError } from '../errors/clusterflow-error.js';
import { FlatTree } from '../guess/flat-tree.js';
import { guessOf, membershipOf, type GuessContext } from '../guess/guess.js';
import type { Guess, GuessOptions, Membership } from '../guess/guess-types.js';
import type { ClusterNode, LeafReason, NodeKind } from './cluster-node.js';
import type { ResolvedTreeOptions } from './tree-options.js';

/** Counts for dashboards and the gateway. */
export interface TreeSummary {
  /** Number of training points in the tree. */
  readonly points: number;
  /** Number of dimensions of the points. */
  readonly dims: number;
  /** Number of distinct training labels. */
  readonly labels: number;
  /** Box kind of every cluster ('box' | 'lower' | 'partial'). */
  readonly boxKind: string;
  /** Number of nodes, the world included. */
  readonly nodes: number;
  /** Number of leaves (nodes without children). */
  readonly leaves: number;
  /** Depth of the deepest node (0 = only the world). */
  readonly maxDepth: number;
  /** Number of rejects (points left as singleton leaves). */
  readonly rejects: number;
  /** Number of nodes of each kind. */
  readonly byKind: Readonly<Record<NodeKind, number>>;
  /** Number of nodes of each kind per depth; entry i is depth i (0 = world). */
  readonly byDepth: ReadonlyArray<
    {
      /** The depth these counts are for. */
      readonly depth: number;
    } & Readonly<Record<NodeKind, number>>
  >;
  /** Number of leaves per leaf reason. */
  readonly leafReasons: Readonly<Record<Exclude<LeafReason, null>, number>>;
  /** The world node at a glance. */
  readonly root: {
    /** Kind of the world node. */
    readonly kind: NodeKind;
    /** Number of points in the world node (every training point). */
    readonly members: number;
    /** Labels carried by every training point (non-empty ⇔ the world is pure), sorted. */
    readonly sharedLabels: readonly string[];
  };
}

/** Everything a tree is made of (what the builder and the loader hand over). */
export interface ClusterTreeParts {
  /** Nodes in id order; nodes[0] is the world. */
  readonly nodes: readonly ClusterNode[];
  /** Points that ended as singleton leaves (ascending). */
  readonly rejects: Int32Array;
  /** Every training label, in first-appearance order. */
  readonly labels: readonly string[];
  /** Number of training points. */
  readonly points: number;
  /** The build options with every default filled in. */
  readonly options: ResolvedTreeOptions;
}

/**
 * A fitted ClusterFlow tree ("world map"). Immutable; guessing is single-threaded and reuses scratch buffers,
 * so share one tree per thread.
 *
 * Reading relations (paper §4.3) needs only public fields: `root.kind === 'pure' && rejects.length === 0` is a
 * SET; a mixed root with a pure child of N−1 members and `rejects.length === 1` is SAME-SAME-DIFFERENT (the
 * reject is the odd one out); `rejects.length === N` is an ANTISET.
 */
export class ClusterTree {
  /** The world: the root node (id 0, depth 0), whose box covers every cluster. */
  readonly root: ClusterNode;
  /** Points that ended as singleton leaves (ascending). */
  readonly rejects: Int32Array;
  /** Every training label, in first-appearance order. */
  readonly labels: readonly string[];
  /** Number of training points. */
  readonly points: number;
  /** Number of dimensions of the points (and of every box). */
  readonly dims: number;
  /** The build options with every default filled in. */
  readonly options: ResolvedTreeOptions;
  private readonly all: readonly ClusterNode[];
  private context: GuessContext | null = null;

  constructor(parts: ClusterTreeParts) {
    if (parts.nodes.length === 0) throw new InvalidInputError('a tree needs at least its world node');
    parts.nodes.forEach((n, i) => {
      if (n.id !== i)
        throw new InvalidInputError(`node at position ${i} has id ${n.id}; ids must equal positions`);
    });
    this.all = parts.nodes;
    this.root = parts.nodes[0];
    this.rejects = parts.rejects;
    this.labels = parts.labels;
    this.points = parts.points;
    this.dims = this.root.box.dims;
    this.options = parts.options;
  }

  /** Every node in id order (world first, then level by level). */
  nodes(): readonly ClusterNode[] {
    return this.all;
  }

  /**
   * The node with the given id (its index in `nodes()`).
   *
   * @throws InvalidInputError when no node has that id.
   */
  node(id: number): ClusterNode {
    const n = this.all[id];
    if (!n) throw new InvalidInputError(`node id must be in 0..${this.all.length - 1}, got ${id}`);
    return n;
  }

  /** Labels for a point with evidence; see `guessOf`. `offset` reads the point from a larger array. */
  guess(point: ArrayLike<number>, options?: GuessOptions, offset = 0): Guess {
    return guessOf(this.ctx(), point, options, offset);
  }

  /** inWorld, cluster path and escape evidence only (cheaper than `guess`). */
  membership(point: ArrayLike<number>, options?: GuessOptions, offset = 0): Membership {
    return membershipOf(this.ctx(), point, options, offset);
  }

  /** Counts of nodes, leaves and rejects, by kind, depth and leaf reason. */
  summary(): TreeSummary {
    const zero = (): Record<NodeKind, number> => ({ pure: 0, mixed: 0, singleton: 0 });
    const byKind = zero();
    const byDepth: Array<{ depth: number } & Record<NodeKind, number>> = [];
    const leafReasons = { pure: 0, singleton: 0, maxDepth: 0, noProgress: 0 };
    let leaves = 0;
    let maxDepth = 0;
    for (const n of this.all) {
      byKind[n.kind]++;
      while (byDepth.length <= n.depth) byDepth.push({ depth: byDepth.length, ...zero() });
      byDepth[n.depth][n.kind]++;
      if (n.depth > maxDepth) maxDepth = n.depth;
      if (n.children.length === 0) {
        leaves++;
        if (n.leafReason) leafReasons[n.leafReason]++;
      }
    }
    return {
      points: this.points,
      dims: this.dims,
      labels: this.labels.length,
      boxKind: this.options.boxKind,
      nodes: this.all.length,
      leaves,
      maxDepth,
      rejects: this.rejects.length,
      byKind,
      byDepth,
      leafReasons,
      root: { kind: this.root.kind, members: this.root.members.length, sharedLabels: this.root.sharedLabels },
    };
  }

  /** Flat arrays for guessing, built on first use. */
  private ctx(): GuessContext {
    if (!this.context) {
      const index = new Map(this.labels.map((l, i) => [l, i] as const));
      this.context = {
        flat: new FlatTree(this.all, index),
        labels: this.labels,
        scores: new Float64Array(this.labels.length),
      };
    }
    return this.context;
  }
}
