import { describe, expect, it } from 'vitest';
import type { ClusterNode } from '../api/operations.js';
import { describeLabels, nestClusters } from './cluster-tree.js';

const node = (
  id: number,
  parentId: number | null,
  exampleIds: number[],
  labels: [string, number][] = [],
): ClusterNode => ({
  id,
  parentId,
  depth: parentId === null ? 0 : 1,
  size: exampleIds.length,
  pure: labels.length === 1,
  labels: labels.map(([label, count]) => ({ label, count })),
  exampleIds,
});

describe('nestClusters', () => {
  it('nests children under their parents in input order', () => {
    const roots = nestClusters([
      node(0, null, [1, 2, 3, 4]),
      node(1, 0, [1, 2]),
      node(2, 0, [3, 4]),
      node(3, 1, [1]),
    ]);
    expect(roots).toHaveLength(1);
    expect(roots[0].children.map((c) => c.node.id)).toEqual([1, 2]);
    expect(roots[0].children[0].children.map((c) => c.node.id)).toEqual([3]);
    expect(roots[0].children[1].children).toEqual([]);
  });

  it('keeps orphans as roots instead of dropping them', () => {
    const roots = nestClusters([node(3, 0, [9]), node(7, null, [1])]);
    expect(roots.map((r) => r.node.id)).toEqual([3, 7]);
  });

  it('rejects duplicate ids and cycles with a message naming them', () => {
    expect(() => nestClusters([node(4, null, []), node(4, null, [])])).toThrow(/id 4 appears twice/);
    expect(() => nestClusters([node(0, null, []), node(5, 6, []), node(6, 5, [])])).toThrow(
      /5, 6 form a cycle/,
    );
  });
});

describe('describeLabels', () => {
  it('lists labels most frequent first, ties by name', () => {
    const mixed = node(
      0,
      null,
      [],
      [
        ['tulip', 1],
        ['rose', 3],
        ['daisy', 3],
      ],
    );
    expect(describeLabels(mixed)).toBe('daisy 3, rose 3, tulip 1');
  });
});
