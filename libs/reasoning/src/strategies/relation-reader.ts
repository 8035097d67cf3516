import type { Relation } from '../relations/relation-types.js';

/** The part of a ClusterFlow tree node the relation reader looks at (matches `ClusterNode` structurally). */
export interface RelationNodeView {
  /** 'pure': some label is shared by every member; 'mixed': none is; 'singleton': a reject left alone. */
  readonly kind: 'pure' | 'mixed' | 'singleton';
  /** Indices of the points in this node. */
  readonly members: Int32Array;
  /** Labels carried by every member (non-empty for pure and singleton nodes). */
  readonly sharedLabels: readonly string[];
  /** Child nodes; empty for a leaf. */
  readonly children: readonly RelationNodeView[];
}

/** The part of a ClusterFlow tree the relation reader looks at (matches `ClusterTree` structurally). */
export interface RelationTreeView {
  /** The root node (the world cluster over all points). */
  readonly root: RelationNodeView;
  /** Indices of the points set aside as singleton leaves (in no cluster). */
  readonly rejects: Int32Array;
}

/** What a tree over N labelled points says, or `null` when its shape matches none of the rules. */
export interface TreeReading {
  /** The relation the reading indicates. */
  readonly relation: Relation;
  /** Groups of point indices judged "the same" (singletons included), largest first. */
  readonly groups: number[][];
  /** For SAME_SAME_DIFFERENT with exactly one point apart: its index; otherwise null. */
  readonly oddIndex: number | null;
  /** Labels shared by each group, parallel to `groups` (empty where the group shares none or none were recorded). */
  readonly sharedLabels: string[][];
}

/**
 * Reads the tree built over N labelled points with the rules of docs/ARCHITECTURE.md "Reasoning" (our choice; the paper
 * §4.3 gives only the three unit cases):
 * - root pure and 0 rejects → SET (one group of all N);
 * - every point rejected / a singleton leaf → ANTISET;
 * - a pure node with exactly N−1 members and the remaining point rejected → SAME_SAME_DIFFERENT, the reject is
 *   the odd one out.
 * Anything else (e.g. a mixed leaf when label sets chain) returns null and the caller falls back to reading the
 * label overlap directly.
 */
export function readRelationTree(tree: RelationTreeView, n: number): TreeReading | null {
  const root = tree.root;
  const rejects = new Set<number>(Array.from(tree.rejects));
  if (root.kind === 'pure' && rejects.size === 0 && root.members.length === n) {
    return {
      relation: 'SET',
      groups: [range(n)],
      oddIndex: null,
      sharedLabels: [[...root.sharedLabels]],
    };
  }
  const pureGroups = maximalPureNodes(root);
  if (rejects.size === n || (pureGroups.length === 0 && countSingletonLeaves(root) >= n)) {
    return {
      relation: 'ANTISET',
      groups: range(n).map((i) => [i]),
      oddIndex: null,
      sharedLabels: range(n).map(() => []),
    };
  }
  if (rejects.size === 1) {
    const odd = rejects.values().next().value as number;
    const group = pureGroups.find((g) => g.members.length === n - 1 && !g.members.includes(odd));
    if (group) {
      return {
        relation: 'SAME_SAME_DIFFERENT',
        groups: [Array.from(group.members).sort((a, b) => a - b), [odd]],
        oddIndex: odd,
        sharedLabels: [[...group.sharedLabels], []],
      };
    }
  }
  return null;
}

function maximalPureNodes(root: RelationNodeView): RelationNodeView[] {
  const out: RelationNodeView[] = [];
  const stack: RelationNodeView[] = [...root.children];
  while (stack.length > 0) {
    const node = stack.pop() as RelationNodeView;
    if (node.kind === 'pure' && node.members.length >= 2) out.push(node);
    else stack.push(...node.children);
  }
  return out;
}

function countSingletonLeaves(root: RelationNodeView): number {
  let count = 0;
  const stack: RelationNodeView[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as RelationNodeView;
    if (node.children.length === 0 && (node.kind === 'singleton' || node.members.length === 1)) count++;
    stack.push(...node.children);
  }
  return count;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
