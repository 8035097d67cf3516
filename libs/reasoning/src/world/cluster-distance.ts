import type { BoxMetric, ClusterBox, ClusterTree } from '@clusterflow/clusterflow';

const boxesOf = new WeakMap<ClusterTree, readonly ClusterBox[]>();

/**
 * Distance from a point to the boundary of the nearest cluster of a tree (every node but the world; 0 inside
 * one), in the boxes' own subspaces. The world box says "within the range of everything seen"; this says "near
 * something seen" — a fooling image can sit inside the world's range on every dimension and still be far from
 * every real cluster.
 */
export function nearestClusterDistance(
  tree: ClusterTree,
  point: ArrayLike<number>,
  offset = 0,
  metric: BoxMetric = 'l2',
): number {
  let boxes = boxesOf.get(tree);
  if (!boxes) {
    boxes = tree
      .nodes()
      .filter((n) => n.id !== 0)
      .map((n) => n.box);
    boxesOf.set(tree, boxes);
  }
  let best = Infinity;
  for (const box of boxes) {
    const d = box.distanceToBoundary(point, metric, offset);
    if (d < best) best = d;
    if (best === 0) break;
  }
  return best;
}
