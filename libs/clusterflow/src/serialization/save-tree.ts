import type { ClusterBox } from '../boxes/cluster-box.js';
import type { ClusterTree } from '../tree/cluster-tree.js';
import { encodeBase64, littleEndianBytes } from './base64.js';

/** Format name and version written by `saveTree` and checked by `loadTree`. */
export const TREE_FORMAT = 'clusterflow-tree';
/** Format version written by `saveTree`; `loadTree` reads only this version. */
export const TREE_FORMAT_VERSION = 1;

const b64 = (a: Float64Array | Int32Array | Uint8Array): string => encodeBase64(littleEndianBytes(a));

function boxJson(box: ClusterBox): Record<string, unknown> {
  return {
    kind: box.kind,
    count: box.count,
    zeroTolerance: box.zeroTolerance,
    minSharedDims: box.minSharedDims,
    lo: b64(box.lo),
    hi: b64(box.hi),
    active: b64(box.active),
    n: b64(box.stats.n),
    mean: b64(box.stats.mean),
    m2: b64(box.stats.m2),
  };
}

/**
 * Serializes a tree to versioned JSON: `{ format: 'clusterflow-tree', version: 1, … }`, typed arrays
 * (bounds, statistics, member indices, rejects) as base64 of their little-endian bytes. Deterministic: the
 * same tree gives the same string.
 */
export function saveTree(tree: ClusterTree): string {
  const options = { ...tree.options };
  return JSON.stringify({
    format: TREE_FORMAT,
    version: TREE_FORMAT_VERSION,
    points: tree.points,
    dims: tree.dims,
    labels: tree.labels,
    options,
    rejects: b64(tree.rejects),
    nodes: tree.nodes().map((n) => ({
      id: n.id,
      depth: n.depth,
      parent: n.parent,
      kind: n.kind,
      leafReason: n.leafReason,
      sharedLabels: n.sharedLabels,
      labelCounts: [...n.labelCounts],
      members: b64(n.members),
      children: n.children.map((c) => c.id),
      box: boxJson(n.box),
    })),
  });
}
