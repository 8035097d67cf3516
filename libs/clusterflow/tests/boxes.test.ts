import { describe, expect, it } from 'vitest';
import { fromRows } from '../src/point-matrix.js';
import { Box } from '../src/boxes/box.js';
import { LowerDimensionalBox } from '../src/boxes/lower-dimensional-box.js';
import { PartialDimensionalBox } from '../src/boxes/partial-dimensional-box.js';
import { InvalidInputError } from '../src/errors/clusterflow-error.js';
import { BoxSet } from '../src/boxes/box-set.js';
import { metricCode } from '../src/boxes/box-metric.js';
import { createRng } from '../src/rng.js';
import type { ClusterBox } from '../src/boxes/cluster-box.js';

describe('Box', () => {
  const box = Box.fit(
    fromRows([
      [0, 0],
      [2, 4],
    ]),
  );

  it('fits bounds and σ from the members', () => {
    expect([...box.lo]).toEqual([0, 0]);
    expect([...box.hi]).toEqual([2, 4]);
    expect([...box.sigma]).toEqual([1, 2]);
    expect(box.count).toBe(2);
    expect(box.contains([1, 4])).toBe(true);
    expect(box.contains([2.1, 4])).toBe(false);
  });

  it('expands by margin·σ_d per dimension', () => {
    const e = box.expand(0.5);
    expect([...e.lo]).toEqual([-0.5, -1]);
    expect([...e.hi]).toEqual([2.5, 5]);
    expect(e.contains([2.4, 4.9])).toBe(true);
    expect([...box.lo]).toEqual([0, 0]); // immutable
  });

  it('escape: l0, Σ overshoot/σ and shared dimensions', () => {
    expect(box.escape([3, -1])).toEqual({ l0: 2, escapeDistance: 1 / 1 + 1 / 2, sharedDims: 2 });
    expect(box.escape([1, 1])).toEqual({ l0: 0, escapeDistance: 0, sharedDims: 2 });
    expect(box.escape([1, NaN]).escapeDistance).toBe(Infinity);
    expect(box.contains([1, NaN])).toBe(false);
  });

  it('distance to the boundary in every metric (0 inside)', () => {
    const x = [3, -1];
    expect(box.distanceToBoundary(x, 'l0')).toBe(2);
    expect(box.distanceToBoundary(x, 'l1')).toBe(2);
    expect(box.distanceToBoundary(x, 'l2')).toBeCloseTo(Math.SQRT2, 12);
    expect(box.distanceToBoundary(x, 'linf')).toBe(1);
    expect(box.distanceToBoundary(x, 'mahalanobis')).toBeCloseTo(Math.sqrt(1 + 0.25), 12);
    expect(box.distanceToBoundary([1, 2], 'l2')).toBe(0);
    expect(box.distanceToBoundary([5, 2], 'l1')).toBe(3);
  });

  it('union pools the statistics exactly; intersects tests overlap on every dimension', () => {
    const other = Box.fit(
      fromRows([
        [4, 4],
        [6, 4],
      ]),
    );
    const u = box.union(other);
    expect([...u.lo]).toEqual([0, 0]);
    expect([...u.hi]).toEqual([6, 4]);
    expect(u.count).toBe(4);
    expect(u.sigma[0]).toBeCloseTo(Math.sqrt(5), 12);
    expect(u.sigma[1]).toBeCloseTo(Math.sqrt(3), 12);
    expect(box.intersects(other)).toBe(false);
    expect(box.expand(1).intersects(other.expand(1))).toBe(true);
  });

  it('rejects missing values, other kinds and bad margins with typed errors', () => {
    expect(() => Box.fit(fromRows([[1, NaN]]))).toThrow(InvalidInputError);
    const lower = LowerDimensionalBox.fit(fromRows([[1, 1]]));
    expect(() => box.union(lower)).toThrow(/kind 'box'/);
    expect(() => box.expand(-1)).toThrow(InvalidInputError);
    expect(() => box.distanceToBoundary([0, 0], 'cosine' as never)).toThrow(/l0, l1, l2, linf, mahalanobis/);
  });
});

describe('LowerDimensionalBox', () => {
  const lower = LowerDimensionalBox.fit(
    fromRows([
      [1, 0, 0],
      [3, 0, 0],
    ]),
  );

  it('only dimensions with a non-zero member are active', () => {
    expect([...lower.active]).toEqual([1, 0, 0]);
    expect(lower.contains([2, 0, 0])).toBe(true);
    // a zero on an active dimension is outside unless a member was 0 there
    expect(lower.contains([0, 0, 0])).toBe(false);
    expect(lower.escape([0, 0, 0])).toEqual({ l0: 1, escapeDistance: 1, sharedDims: 3 });
    const reachesZero = LowerDimensionalBox.fit(
      fromRows([
        [0, 1],
        [3, 2],
      ]),
    );
    expect(reachesZero.contains([0, 1.5])).toBe(true);
  });

  it('a non-zero value in an inactive dimension is an escape dimension (raw value / σ floor)', () => {
    // σ floor = 1 % of the mean positive σ over active dims = 0.01 · 1
    expect(lower.sigmaFloor).toBeCloseTo(0.01, 15);
    expect(lower.contains([2, 0.5, 0])).toBe(false);
    const ev = lower.escape([2, 0.5, 0]);
    expect(ev.l0).toBe(1);
    expect(ev.escapeDistance).toBeCloseTo(50, 9);
    expect(lower.distanceToBoundary([2, 0.5, -0.25], 'l1')).toBeCloseTo(0.75, 12);
    expect(lower.distanceToBoundary([2, 0.5, -0.25], 'l0')).toBe(2);
    expect(lower.distanceToBoundary([4, 0.5, 0], 'linf')).toBe(1);
  });

  it('zeroTolerance: inactive means |x| ≤ ε', () => {
    const tol = LowerDimensionalBox.fit(
      fromRows([
        [1, 0.2, 0],
        [3, -0.1, 0],
      ]),
      undefined,
      { zeroTolerance: 0.5 },
    );
    expect([...tol.active]).toEqual([1, 0, 0]);
    expect(tol.contains([2, 0.5, -0.5])).toBe(true);
    expect(tol.contains([2, 0.6, 0])).toBe(false);
    const ev = tol.escape([2, 0.6, 0]);
    expect(ev.l0).toBe(1);
    // σ_1 of {0.2, -0.1} = 0.15 is above the floor, so the raw value is divided by it
    expect(ev.escapeDistance).toBeCloseTo(0.6 / 0.15, 9);
    // geometric distance to the slab [-ε, ε]
    expect(tol.distanceToBoundary([2, 0.6, 0], 'l2')).toBeCloseTo(0.1, 12);
  });

  it('intersects only when every dimension can be satisfied by both boxes', () => {
    const other = LowerDimensionalBox.fit(fromRows([[2, 2, 0]]));
    // other is active on d1 ([2, 2]) where lower is inactive ([0, 0]) → disjoint
    expect(lower.intersects(other)).toBe(false);
    const same = LowerDimensionalBox.fit(fromRows([[2.5, 0, 0]]));
    expect(lower.intersects(same)).toBe(true);
    const u = lower.union(other);
    expect([...u.active]).toEqual([1, 1, 0]);
    expect(u.contains([2, 0, 0])).toBe(true); // d1 bound reaches the members' 0
  });
});

describe('PartialDimensionalBox', () => {
  const partial = PartialDimensionalBox.fit(
    fromRows([
      [1, NaN, 5],
      [3, 2, NaN],
    ]),
  );

  it('bounds come from known values; decisions use dimensions known on both sides', () => {
    expect([...partial.lo]).toEqual([1, 2, 5]);
    expect([...partial.hi]).toEqual([3, 2, 5]);
    expect([...partial.stats.n]).toEqual([2, 1, 1]);
    expect(partial.contains([2, NaN, NaN])).toBe(true);
    expect(partial.escape([2, NaN, NaN])).toEqual({ l0: 0, escapeDistance: 0, sharedDims: 1 });
    expect(partial.contains([NaN, NaN, NaN])).toBe(false);
    expect(partial.escape([NaN, NaN, NaN])).toEqual({ l0: 0, escapeDistance: Infinity, sharedDims: 0 });
    expect(partial.distanceToBoundary([NaN, NaN, NaN], 'l2')).toBe(Infinity);
  });

  it('reports shared dimensions and escape distances with the σ floor', () => {
    const ev = partial.escape([2, 2, 6]);
    expect(ev.sharedDims).toBe(3);
    expect(ev.l0).toBe(1);
    expect(ev.escapeDistance).toBeCloseTo(1 / 0.01, 9); // σ_2 = 0 → floor 0.01·σ_0
    expect(partial.distanceToBoundary([0, NaN, 6], 'l1')).toBe(2);
  });

  it('minSharedDims: fewer shared dimensions ⇒ outside', () => {
    const strict = PartialDimensionalBox.fit(
      fromRows([
        [1, NaN, 5],
        [3, 2, NaN],
      ]),
      undefined,
      { minSharedDims: 2 },
    );
    expect(strict.contains([2, NaN, NaN])).toBe(false);
    expect(strict.contains([2, 2, NaN])).toBe(true);
    const u = partial.union(PartialDimensionalBox.fit(fromRows([[NaN, 7, NaN]])));
    expect([...u.hi]).toEqual([3, 7, 5]);
    expect([...u.stats.n]).toEqual([2, 2, 1]);
    expect(partial.intersects(PartialDimensionalBox.fit(fromRows([[NaN, NaN, 5]])))).toBe(true);
    expect(partial.intersects(PartialDimensionalBox.fit(fromRows([[NaN, 9, NaN]])))).toBe(false);
  });
});

describe('BoxSet', () => {
  it('matches ClusterBox contains / escape / distanceToBoundary (random boxes and points, NaN, ε, every kind)', () => {
    const rng = createRng(42);
    const D = 12;
    let batchedChecked = 0;
    const rand = (): number => {
      const u = rng.next();
      return u < 0.5 ? 0 : u < 0.55 ? NaN : u < 0.6 ? 0.05 * (rng.next() - 0.5) : 3 * rng.next() - 0.5;
    };
    for (const [kind, opts] of [
      ['box', {}],
      ['lower', { zeroTolerance: 0 }],
      ['lower', { zeroTolerance: 0.03 }],
      ['partial', { minSharedDims: 3 }],
    ] as const) {
      const boxes: ClusterBox[] = [];
      for (let b = 0; b < 8; b++) {
        const rows = Array.from({ length: 4 }, () =>
          Array.from({ length: D }, () => {
            const v = rand();
            return kind === 'partial' || !Number.isNaN(v) ? v : 0;
          }),
        );
        const box = (kind === 'box' ? Box : kind === 'lower' ? LowerDimensionalBox : PartialDimensionalBox)
          .fit(fromRows(rows), undefined, opts)
          .expand(0.5);
        boxes.push(box);
      }
      const set = new BoxSet(boxes, D);
      const transposed = set.transposedL2(Int32Array.from(boxes.keys()));
      expect(transposed === null).toBe(kind === 'partial'); // partial boxes keep the per-box path
      let inside = 0;
      for (let t = 0; t < 400; t++) {
        const p = Array.from({ length: D }, () => (rng.next() < 0.5 ? rand() : 0));
        set.load(p);
        const nz = new Set(set.nonZero());
        if (transposed !== null) {
          // All boxes at once, dimension-major: the per-box L2 distances, or a refusal for NaN / (0, ε] values.
          const batched = set.distancesL2(transposed);
          const refuses = p.some(
            (v) => Number.isNaN(v) || (v !== 0 && Math.abs(v) <= boxes[0].zeroTolerance),
          );
          expect(batched).toBe(!refuses);
          if (batched) {
            batchedChecked++;
            boxes.forEach((box, b) =>
              expect(transposed.acc[b]).toBeCloseTo(box.distanceToBoundary(p, 'l2'), 9),
            );
          }
        }
        boxes.forEach((box, b) => {
          expect(set.contains(b)).toBe(box.contains(p));
          if (box.contains(p)) {
            inside++;
            // a point inside is non-zero on every strict dimension (what the guess index relies on)
            for (let k = set.strictStart[b]; k < set.strictStart[b + 1]; k++)
              expect(nz.has(set.strict[k])).toBe(true);
          }
          const ev = box.escape(p);
          const fast = set.escape(b);
          expect(fast.l0).toBe(ev.l0);
          expect(fast.sharedDims).toBe(ev.sharedDims);
          if (Number.isFinite(ev.escapeDistance))
            expect(fast.escapeDistance).toBeCloseTo(ev.escapeDistance, 9);
          else expect(fast.escapeDistance).toBe(ev.escapeDistance);
          for (const metric of ['l0', 'l1', 'l2', 'linf', 'mahalanobis'] as const) {
            const want = box.distanceToBoundary(p, metric);
            const got = set.distance(b, metricCode(metric));
            if (Number.isFinite(want)) expect(got).toBeCloseTo(want, 9);
            else expect(got).toBe(want);
            // with a bound, the exact value below it, anything above it
            const bounded = set.distance(b, metricCode(metric), want / 2);
            if (want > 0 && Number.isFinite(want)) expect(bounded).toBeGreaterThan(want / 2 - 1e-12);
          }
        });
      }
      expect(inside).toBeGreaterThan(0);
    }
    expect(batchedChecked).toBeGreaterThan(100);
  });
});
