import type { ClusterNode } from '../api/operations.js';

/** A cluster with its children, for rendering. */
export interface ClusterTreeNode {
  node: ClusterNode;
  children: ClusterTreeNode[];
}

/**
 * Nests a flat cluster list by `parentId` (children in input order). Nodes whose parent is absent become roots,
 * so a partial list still renders; a cycle (which a tree cannot have) is reported rather than looping forever.
 */
export function nestClusters(nodes: readonly ClusterNode[]): ClusterTreeNode[] {
  const byId = new Map<number, ClusterTreeNode>();
  for (const node of nodes) {
    if (byId.has(node.id)) throw new Error(`Cluster id ${node.id} appears twice; ids must be unique.`);
    byId.set(node.id, { node, children: [] });
  }
  const roots: ClusterTreeNode[] = [];
  for (const entry of byId.values()) {
    const parent = entry.node.parentId === null ? undefined : byId.get(entry.node.parentId);
    if (parent === undefined) roots.push(entry);
    else parent.children.push(entry);
  }
  const seen = new Set<number>();
  const visit = (entry: ClusterTreeNode) => {
    seen.add(entry.node.id);
    for (const child of entry.children) visit(child);
  };
  roots.forEach(visit);
  if (seen.size !== byId.size) {
    const stuck = [...byId.keys()].filter((id) => !seen.has(id));
    throw new Error(`Clusters ${stuck.join(', ')} form a cycle through parentId; a tree cannot.`);
  }
  return roots;
}

/** Human summary of a cluster's labels, most frequent first: "daisy 5, tulip 1". */
export function describeLabels(node: ClusterNode): string {
  return [...node.labels]
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label))
    .map((l) => `${l.label} ${l.count}`)
    .join(', ');
}
