import type { ClusterBox } from '../boxes/cluster-box.js';

/** 'pure': some label is shared by every member; 'mixed': none is; 'singleton': a reject left alone. */
export type NodeKind = 'pure' | 'mixed' | 'singleton';

/**
 * Why a node has no children: 'pure' / 'singleton' (the normal stops), 'maxDepth' or 'noProgress' (a mixed
 * leaf: splitting was cut off, or a level reproduced the same partition). null for inner nodes.
 */
export type LeafReason = 'pure' | 'singleton' | 'maxDepth' | 'noProgress' | null;

/** One cluster of the tree. Plain data: readers never need the builder's internals. */
export interface ClusterNode {
  /** Index in `tree.nodes()`; the world (root) is 0. */
  readonly id: number;
  /** 0 for the world, 1 for level-1 clusters, … */
  readonly depth: number;
  /** Parent id, -1 for the root. */
  readonly parent: number;
  /** The cluster's box (grown by `margin`; the world's by `worldMargin` and extended over every cluster). */
  readonly box: ClusterBox;
  /** Indices of the training points in this cluster (ascending). */
  readonly members: Int32Array;
  /** Whether the cluster is pure, mixed or a singleton. */
  readonly kind: NodeKind;
  /** Labels carried by every member (non-empty ⇔ pure or singleton), sorted. */
  readonly sharedLabels: readonly string[];
  /** Members per label. */
  readonly labelCounts: ReadonlyMap<string, number>;
  /** Child clusters, in id order (empty for a leaf). */
  readonly children: readonly ClusterNode[];
  /** Why the node has no children; null for inner nodes. */
  readonly leafReason: LeafReason;
}
