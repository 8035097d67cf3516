import { describe, expect, it } from 'vitest';
import type { ClusterNode } from '../api/operations.js';
import { describeLabels, nestClusters } from './cluster-tree.js';

const node = (
  id: string,
  parentId: string | null,
  exampleIds: number[],
  labels: [string, number][] = [],
): ClusterNode => ({
  id,
  parentId,
  depth: id.split('.').length - 1,
  size: exampleIds.length,
  pure: labels.length === 1,
  labels: labels.map(([label, count]) => ({ label, count })),
  exampleIds,
});

describe('nestClusters', () => {
  it('nests children under their parents in input order', () => {
    const roots = nestClusters([
      node('0', null, [1, 2, 3, 4]),
      node('0.1', '0', [1, 2]),
      node('0.2', '0', [3, 4]),
      node('0.1.1', '0.1', [1]),
    ]);
    expect(roots).toHaveLength(1);
    expect(roots[0].children.map((c) => c.node.id)).toEqual(['0.1', '0.2']);
    expect(roots[0].children[0].children.map((c) => c.node.id)).toEqual(['0.1.1']);
    expect(roots[0].children[1].children).toEqual([]);
  });

  it('keeps orphans as roots instead of dropping them', () => {
    const roots = nestClusters([node('0.3', '0', [9]), node('x', null, [1])]);
    expect(roots.map((r) => r.node.id)).toEqual(['0.3', 'x']);
  });

  it('rejects duplicate ids and cycles with a message naming them', () => {
    expect(() => nestClusters([node('a', null, []), node('a', null, [])])).toThrow(/"a" appears twice/);
    expect(() => nestClusters([node('r', null, []), node('a', 'b', []), node('b', 'a', [])])).toThrow(
      /a, b form a cycle/,
    );
  });
});

describe('describeLabels', () => {
  it('lists labels most frequent first, ties by name', () => {
    expect(
      describeLabels(
        node(
          '0',
          null,
          [],
          [
            ['tulip', 1],
            ['rose', 3],
            ['daisy', 3],
          ],
        ),
      ),
    ).toBe('daisy 3, rose 3, tulip 1');
  });
});
