import { describe, expect, it } from 'vitest';
import { fromRows } from '../src/point-matrix.js';
import { buildTree } from '../src/tree/build-tree.js';
import { buildTreeStreaming, type TreeBatch } from '../src/tree/build-tree-streaming.js';
import { saveTree } from '../src/serialization/save-tree.js';
import { InvalidInputError } from '../src/errors/clusterflow-error.js';
import type { ClusterTree } from '../src/tree/cluster-tree.js';
import { classSpace } from './class-space-data.js';

// Three points in class space, far enough apart that no box of one reaches another.
const three = fromRows([
  [1, 0, 2, 0],
  [1.2, 0, 2.1, 0],
  [0, 5, 0, 3],
]);

describe('relational unit cases (paper §4.3)', () => {
  it('three sharing a label → SET: root pure, 0 rejects', () => {
    const tree = buildTree(three, [['x', 'y'], ['x', 'z'], ['x']]);
    expect(tree.root.kind).toBe('pure');
    expect(tree.root.sharedLabels).toEqual(['x']);
    expect(tree.rejects.length).toBe(0);
    expect(tree.root.children.length).toBe(0);
  });

  it('two sharing + one apart → SSD: mixed root, a pure child of 2 points, 1 reject (the odd one)', () => {
    const tree = buildTree(three, [['x', 'y'], ['x', 'z'], ['w']]);
    expect(tree.root.kind).toBe('mixed');
    const pure = tree.root.children.filter((c) => c.kind === 'pure');
    expect(pure.length).toBe(1);
    expect([...pure[0].members]).toEqual([0, 1]);
    expect(pure[0].sharedLabels).toEqual(['x']);
    expect([...tree.rejects]).toEqual([2]);
    const single = tree.root.children.find((c) => c.kind === 'singleton');
    expect(single && [...single.members]).toEqual([2]);
  });

  it('three disjoint → ANTISET: every point rejected', () => {
    const tree = buildTree(three, [['a'], ['b'], ['c']]);
    expect(tree.root.kind).toBe('mixed');
    expect([...tree.rejects]).toEqual([0, 1, 2]);
    expect(tree.root.children.map((c) => c.kind)).toEqual(['singleton', 'singleton', 'singleton']);
  });
});

describe('mixed leaves say why they stopped', () => {
  // a and b both sit at (0,0) and (1,1): no split by label can separate them; c is alone far away.
  const pts = fromRows([
    [0, 0],
    [0, 0],
    [1, 1],
    [1, 1],
    [9, 9],
  ]);
  const labels = [['a'], ['b'], ['a'], ['b'], ['c']];

  it('when neither labels nor geometry split a cluster further it is a noProgress mixed leaf', () => {
    const tree = buildTree(pts, labels, { boxKind: 'box' });
    // depth 1: {0,1,2,3} (per-label boxes coincide) → split by geometry into {0,1} and {2,3} at depth 2,
    // which nothing can split: identical points with different labels.
    const depth1 = tree.root.children.find((c) => c.kind === 'mixed');
    expect(depth1 && [...depth1.members]).toEqual([0, 1, 2, 3]);
    const leaves = tree.nodes().filter((n) => n.kind === 'mixed' && n.children.length === 0);
    const found = leaves.map((n) => [n.depth, n.leafReason, [...n.members]]);
    found.sort((x, y) => (x[2] as number[])[0] - (y[2] as number[])[0]);
    expect(found).toEqual([
      [2, 'noProgress', [0, 1]],
      [2, 'noProgress', [2, 3]],
    ]);
    expect([...tree.rejects]).toEqual([4]);
  });

  it('maxDepth cuts recursion off', () => {
    const tree = buildTree(pts, labels, { boxKind: 'box', maxDepth: 1 });
    const leaf = tree.nodes().find((n) => n.kind === 'mixed' && n.depth === 1);
    expect(leaf?.leafReason).toBe('maxDepth');
    expect(tree.summary().leafReasons.maxDepth).toBe(1);
  });
});

describe('overlap rules for multi-label points', () => {
  // a1, a2 | b1, b2 | one point labelled {a, b} with the values of both.
  const pts = fromRows([
    [1, 1, 0, 0],
    [1.2, 1.1, 0, 0],
    [0, 0, 1, 1],
    [0, 0, 1.1, 1.2],
    [1.1, 1.05, 1.05, 1.1],
  ]);
  const labels = [['a'], ['a'], ['b'], ['b'], ['a', 'b']];
  const children = (overlap: 'foreign' | 'members' | 'boxes') =>
    buildTree(pts, labels, { overlap }).root.children.map((c) => [c.kind, c.sharedLabels, [...c.members]]);

  it("'foreign' (default): the two-label point joins the pure clusters of both its labels", () => {
    expect(children('foreign')).toEqual([
      ['pure', ['a'], [0, 1, 4]],
      ['pure', ['b'], [2, 3, 4]],
    ]);
  });

  it("'members' / 'boxes': the shared point merges a and b; the geometric split then separates them", () => {
    for (const rule of ['members', 'boxes'] as const) {
      expect(children(rule)).toEqual([
        ['pure', ['a'], [0, 1, 4]],
        ['pure', ['b'], [2, 3]],
      ]);
    }
  });
});

function leafInvariants(tree: ClusterTree, maxDepth: number): void {
  for (const n of tree.nodes()) {
    if (n.children.length > 0) {
      expect(n.kind).toBe('mixed');
      expect(n.leafReason).toBeNull();
      continue;
    }
    if (n.kind === 'pure') expect(n.leafReason).toBe('pure');
    else if (n.kind === 'singleton') {
      expect(n.leafReason).toBe('singleton');
      expect(n.members.length).toBe(1);
    } else if (n.leafReason === 'maxDepth') expect(n.depth).toBe(maxDepth);
    else {
      expect(n.leafReason).toBe('noProgress');
      expect(n.depth).toBeLessThan(maxDepth);
    }
    if (n.kind !== 'mixed') expect(n.sharedLabels.length).toBeGreaterThan(0);
  }
}

describe('properties on seeded class-space data', () => {
  // Neighbouring labels share a dimension and a few points carry two labels: mixed clusters split over depths.
  const { points, labels } = classSpace(600, 60, 12, 7, 0.2, 2);
  const tree = buildTree(points, labels, { seed: 3 });

  it('the data exercises recursion (mixed clusters split below level 1)', () => {
    const s = tree.summary();
    expect(s.maxDepth).toBeGreaterThanOrEqual(2);
    expect(s.byKind.mixed).toBeGreaterThan(1);
    // multi-label points sit in the clusters of each of their labels (default overlap rule)
    const shared = tree.root.children.some((a) =>
      tree.root.children.some((b) => a !== b && [...a.members].some((i) => b.members.includes(i))),
    );
    expect(shared).toBe(true);
    expect(s.byKind.pure).toBeGreaterThan(5);
  });

  it('every training point is inside the world', () => {
    for (let i = 0; i < points.rows; i++) {
      expect(tree.membership(points.data, {}, i * points.cols).inWorld).toBe(true);
    }
  });

  it('every leaf is pure, a singleton, or a mixed leaf that says why', () => {
    leafInvariants(tree, 8);
    const s = tree.summary();
    expect(s.nodes).toBe(tree.nodes().length);
    expect(s.byKind.pure + s.byKind.mixed + s.byKind.singleton).toBe(s.nodes);
    expect(s.rejects).toBe(tree.rejects.length);
  });

  it('members of a node are inside its box; every point ends in a leaf; rejects are singleton leaves', () => {
    const inLeaf = new Uint8Array(points.rows);
    for (const n of tree.nodes()) {
      for (const i of n.members) expect(n.box.contains(points.data, i * points.cols)).toBe(true);
      for (const c of n.children) for (const i of c.members) expect(n.members.includes(i)).toBe(true);
      if (n.children.length === 0 && n.id !== 0) for (const i of n.members) inLeaf[i] = 1;
    }
    expect(inLeaf.every((x) => x === 1)).toBe(true);
    const singletons = tree.nodes().filter((n) => n.kind === 'singleton');
    expect(singletons.map((n) => n.members[0])).toEqual([...tree.rejects]);
  });

  it('training points of pure leaves get their own label', () => {
    let checked = 0;
    for (const leaf of tree.nodes()) {
      if (leaf.kind !== 'pure' || leaf.children.length > 0) continue;
      for (const i of leaf.members) {
        const g = tree.guess(points.data, {}, i * points.cols);
        if (g.path[g.path.length - 1] !== leaf.id) continue;
        expect(leaf.sharedLabels).toContain(g.labels[0].label);
        expect(labels[i]).toContain(g.labels[0].label);
        expect(g.source).toBe('pure');
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(points.rows * 0.5);
  });

  it('same seed ⇒ identical tree; streaming batches ⇒ the same tree as one matrix', async () => {
    const again = buildTree(points, labels, { seed: 3 });
    expect(saveTree(again)).toBe(saveTree(tree));
    async function* batches(): AsyncIterable<TreeBatch> {
      for (let s = 0; s < points.rows; s += 250) {
        const e = Math.min(points.rows, s + 250);
        yield {
          points: {
            data: points.data.subarray(s * points.cols, e * points.cols),
            rows: e - s,
            cols: points.cols,
          },
          labels: labels.slice(s, e),
        };
      }
    }
    const phases: string[] = [];
    const streamed = await buildTreeStreaming(batches(), {
      seed: 3,
      onProgress: (p) => phases.push(p.phase),
    });
    expect(saveTree(streamed)).toBe(saveTree(tree));
    expect(phases.filter((p) => p === 'batch').length).toBe(3);
    expect(phases[phases.length - 1]).toBe('done');
  });

  it('every box kind and seeding method builds a valid tree', () => {
    for (const opts of [
      { boxKind: 'box' as const, seeding: 'kmeans' as const, k: 3 },
      { boxKind: 'partial' as const, seeding: 'kmeans++' as const, k: 2 },
      { boxKind: 'lower' as const, zeroTolerance: 0.05, maxDepth: 2 },
      { overlap: 'members' as const },
      { overlap: 'boxes' as const, maxDepth: 3 },
    ]) {
      const t = buildTree(points, labels, opts);
      leafInvariants(t, opts.maxDepth ?? 8);
      for (let i = 0; i < points.rows; i += 7) {
        expect(t.membership(points.data, {}, i * points.cols).inWorld).toBe(true);
      }
    }
  });
});

describe('buildTreeStreaming', () => {
  it('keeps float32 batches as they are and checks their shape', async () => {
    const rows = [
      [1, 0, 2],
      [1.2, 0, 2.1],
      [0, 5, 0],
    ];
    const f32 = (r: number[][]) => ({ data: Float32Array.from(r.flat()), rows: r.length, cols: 3 });
    async function* two(): AsyncIterable<TreeBatch> {
      yield { points: f32(rows.slice(0, 2)), labels: [['x'], ['x']] };
      yield { points: f32(rows.slice(2)), labels: [['w']] };
    }
    const tree = await buildTreeStreaming(two());
    expect([...tree.rejects]).toEqual([2]);
    expect(tree.root.children.find((c) => c.kind === 'pure')?.members).toEqual(Int32Array.of(0, 1));
    async function* bad(): AsyncIterable<TreeBatch> {
      yield { points: f32(rows), labels: [['x'], ['x'], ['w']] };
      yield { points: { data: new Float32Array(2), rows: 1, cols: 2 }, labels: [['x']] };
    }
    await expect(buildTreeStreaming(bad())).rejects.toThrow(/every batch must have 3/);
    async function* none(): AsyncIterable<TreeBatch> {
      // a stream that ends before its first batch
      yield* [];
    }
    await expect(buildTreeStreaming(none())).rejects.toThrow(InvalidInputError);
  });
});

describe('input checks', () => {
  it('throws typed errors for mismatched labels, empty label lists, NaN in a lower tree and bad options', () => {
    expect(() => buildTree(three, [['a']])).toThrow(InvalidInputError);
    expect(() => buildTree(three, [['a'], [], ['b']])).toThrow(/no labels/);
    expect(() =>
      buildTree(
        fromRows([
          [1, NaN],
          [2, 3],
        ]),
        [['a'], ['a']],
      ),
    ).toThrow(/boxKind 'partial'/);
    expect(() => buildTree(three, [['a'], ['a'], ['b']], { boxKind: 'round' as never })).toThrow(
      /box, lower, partial/,
    );
    expect(() => buildTree(three, [['a'], ['a'], ['b']], { maxDepth: 0 })).toThrow(/maxDepth/);
  });
});
