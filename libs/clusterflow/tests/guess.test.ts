import { describe, expect, it } from 'vitest';
import { fromRows } from '../src/point-matrix.js';
import { buildTree } from '../src/tree/build-tree.js';
import { InvalidInputError } from '../src/errors/clusterflow-error.js';

// Two labels, two points each, margin 0 so the level-1 boxes are exactly [0,1]² and [10,11]×[0,1].
const points = fromRows([
  [0, 0],
  [1, 1],
  [10, 0],
  [11, 1],
]);
const tree = buildTree(points, [['a'], ['a'], ['b'], ['b']], { boxKind: 'box', margin: 0 });
// World: x over {0,1,10,11}: mean 5.5, σ = √25.25; y: σ = 0.5; grown by 1σ.
const sx = Math.sqrt(25.25);

describe('guess', () => {
  it('builds the expected tree', () => {
    expect(tree.root.children.map((c) => [c.kind, [...c.members]])).toEqual([
      ['pure', [0, 1]],
      ['pure', [2, 3]],
    ]);
    expect(tree.root.box.lo[0]).toBeCloseTo(-sx, 12);
    expect(tree.root.box.hi[1]).toBeCloseTo(1.5, 12);
  });

  it('inside a pure cluster → its label, confidence 1, path root→leaf', () => {
    const g = tree.guess([0.5, 0.5]);
    expect(g.inWorld).toBe(true);
    expect(g.source).toBe('pure');
    expect(g.path).toEqual([0, 1]);
    expect(g.labels).toEqual([{ label: 'a', score: 1 }]);
    expect(g.confidence).toBe(1);
    expect(g.evidence.deepest).toEqual({ l0: 0, escapeDistance: 0, sharedDims: 2 });
  });

  it('inside the world but in no cluster → nearby: w_i = 1/(d_i + ε), shares weighted', () => {
    // L2 boundary distances from (5, 0.5): 4 to a, 5 to b → a: (1/4)/(1/4 + 1/5) = 5/9.
    const g = tree.guess([5, 0.5]);
    expect(g.source).toBe('nearby');
    expect(g.path).toEqual([0]);
    expect(g.labels[0].label).toBe('a');
    expect(g.labels[0].score).toBeCloseTo(5 / 9, 6);
    expect(g.labels[1].score).toBeCloseTo(4 / 9, 6);
    expect(g.confidence).toBeCloseTo(5 / 9, 6);
    // L1 from (5, 1.2): 4.2 to a, 5.2 to b.
    const l1 = tree.guess([5, 1.2], { metric: 'l1' });
    expect(l1.labels[0].score).toBeCloseTo(1 / 4.2 / (1 / 4.2 + 1 / 5.2), 6);
    // Mahalanobis with each box's σ (0.5 on both dims): 8 and 10 → still 5/9 for a.
    const m = tree.guess([5, 0.5], { metric: 'mahalanobis' });
    expect(m.labels[0].score).toBeCloseTo(10 / 18, 6);
    // topK and nearbyCount
    expect(tree.guess([5, 0.5], { topK: 1 }).labels.length).toBe(1);
    expect(tree.guess([5, 0.5], { nearbyCount: 1 }).labels).toEqual([{ label: 'a', score: 1 }]);
  });

  it('outside the world → no labels, confidence null; the threshold widens the world', () => {
    const far = tree.guess([100, 0]);
    expect(far).toMatchObject({ inWorld: false, labels: [], source: 'outside', confidence: null, path: [] });
    expect(far.evidence.world.l0).toBe(1);
    expect(far.evidence.world.escapeDistance).toBeCloseTo((100 - 11 - sx) / sx, 9);
    // (17, 0.5) overshoots x by 17 − 11 − σx ≈ 0.975, i.e. ≈ 0.194σ.
    expect(tree.guess([17, 0.5]).inWorld).toBe(false);
    const near = tree.guess([17, 0.5], { worldEscapeThreshold: 0.5 });
    expect(near.inWorld).toBe(true);
    expect(near.source).toBe('nearby');
    expect(near.labels[0].label).toBe('b');
    expect(near.labels[0].score).toBeCloseTo(1 / 6 / (1 / 6 + 1 / 16), 6);
  });

  it('membership gives the same path and evidence without scoring', () => {
    const m = tree.membership([10.5, 0.5]);
    expect(m).toEqual({
      inWorld: true,
      path: [0, 2],
      evidence: {
        world: { l0: 0, escapeDistance: 0, sharedDims: 2 },
        deepest: { l0: 0, escapeDistance: 0, sharedDims: 2 },
      },
    });
    expect(tree.membership([100, 0]).inWorld).toBe(false);
  });

  it('a mixed leaf answers with label shares', () => {
    const t = buildTree(
      fromRows([
        [0.5, 0.5],
        [0.5, 0.5],
        [0.5, 0.5],
        [0.5, 0.5],
        [0.5, 0.5],
        [9, 9],
      ]),
      [['a'], ['a'], ['b'], ['b'], ['a'], ['c']],
      { boxKind: 'box' },
    );
    const g = t.guess([0.5, 0.5]);
    expect(g.path).toEqual([0, 1]);
    expect(t.node(1).leafReason).toBe('noProgress');
    expect(g.source).toBe('mixed');
    expect(g.labels).toEqual([
      { label: 'a', score: 3 / 5 },
      { label: 'b', score: 2 / 5 },
    ]);
  });

  it('checks the point length and options', () => {
    expect(() => tree.guess([1])).toThrow(InvalidInputError);
    expect(() => tree.guess([1, 1], { topK: 0 })).toThrow(/topK/);
    expect(() => tree.guess([1, 1], { metric: 'cos' as never })).toThrow(/mahalanobis/);
  });

  it('lower boxes: a value in a dimension no cluster has seen escapes the world', () => {
    const t = buildTree(
      fromRows([
        [1, 0, 0],
        [2, 0, 0],
        [0, 3, 0],
        [0, 4, 0],
      ]),
      [['a'], ['a'], ['b'], ['b']],
    );
    const g = t.guess([1.5, 0, 0.01]);
    expect(g.inWorld).toBe(false);
    expect(g.evidence.world.l0).toBe(1);
    expect(t.guess([1.5, 0, 0]).labels[0].label).toBe('a');
  });
});
