import { fromRows } from '@clusterflow/clusterflow';
import { describe, expect, it } from 'vitest';
import {
  allTriplets,
  calibrateDistanceThreshold,
  decideTriplet,
  geometricRelation,
  labelRelation,
  likelihoodsFromClassPosteriors,
  likelihoodsFromPairs,
  relation,
  sampleTriplets,
  type ScoredLabel,
} from '../src/index.js';
// The label-overlap reader is the labels strategy's fallback, not public API: tested where it lives.
import { readLabelOverlap } from '../src/strategies/label-overlap.js';

const L = (...names: string[]): ScoredLabel[] => names.map((label) => ({ label, score: 1 }));
// Three points far apart so geometry alone never groups them; the labels decide (paper §4.3 unit cases).
const three = fromRows([
  [1, 0, 0, 0],
  [0, 1, 0, 0],
  [0, 0, 1, 0],
]);

describe('labels strategy on the paper unit cases (§4.3)', () => {
  it('three images sharing a label → SET: root pure, no rejects', () => {
    const a = labelRelation(three, [L('a', 'b'), L('a', 'c'), L('a', 'd')]);
    expect(a.relation).toBe('SET');
    expect(a.evidence.reading).toBe('tree');
    expect(a.groups).toEqual([[0, 1, 2]]);
    expect(a.evidence.sharedLabels?.[0]).toContain('a');
  });

  it('two sharing + one apart → SAME_SAME_DIFFERENT, the reject is the odd one', () => {
    for (let odd = 0; odd < 3; odd++) {
      const labels = [0, 1, 2].map((i) => (i === odd ? L('x', 'y') : L('a', `b${i}`)));
      const a = labelRelation(three, labels);
      expect(a.relation).toBe('SAME_SAME_DIFFERENT');
      expect(a.oddIndex).toBe(odd);
      expect(a.evidence.reading).toBe('tree');
    }
  });

  it('three disjoint label sets → ANTISET: everything rejected', () => {
    const a = labelRelation(three, [L('a'), L('b'), L('c')]);
    expect(a.relation).toBe('ANTISET');
    expect(a.groups).toEqual([[0], [1], [2]]);
  });

  it('chained label sets fall back to the label overlap and say so', () => {
    // 0~1 share 'a', 1~2 share 'b', 0 and 2 share nothing: the odd one is the end with less overlap.
    const labels: ScoredLabel[][] = [
      [{ label: 'a', score: 0.9 }],
      [
        { label: 'a', score: 0.9 },
        { label: 'b', score: 0.2 },
      ],
      [{ label: 'b', score: 0.3 }],
    ];
    const reading = readLabelOverlap(labels);
    expect(reading.relation).toBe('SAME_SAME_DIFFERENT');
    expect(reading.oddIndex).toBe(2);
  });
});

describe('triplet decisions', () => {
  it('pair probabilities: hand-computed configuration likelihoods', () => {
    const l = likelihoodsFromPairs(0.9, 0.1, 0.2);
    expect(l[0]).toBeCloseTo(0.9 * 0.1 * 0.2, 12);
    expect(l[3]).toBeCloseTo(0.9 * 0.9 * 0.8, 12); // 0,1 same; 2 odd
    expect(decideTriplet(l).relation).toBe('SAME_SAME_DIFFERENT');
    expect(decideTriplet(l).oddIndex).toBe(2);
  });

  it('class posteriors: certain labels give certain relations', () => {
    const e = (i: number): Float64Array => Float64Array.from([0, 1, 2], (k) => (k === i ? 1 : 0));
    expect(likelihoodsFromClassPosteriors([e(0), e(0), e(0)])).toEqual([1, 0, 0, 0, 0]);
    expect(likelihoodsFromClassPosteriors([e(0), e(1), e(0)])).toEqual([0, 0, 1, 0, 0]);
    expect(likelihoodsFromClassPosteriors([e(0), e(1), e(2)])).toEqual([0, 0, 0, 0, 1]);
  });
});

describe('geometric strategy', () => {
  // Two tight groups along different axes: cosine distance ≈ 0 within, 1 across.
  const rows: number[][] = [];
  const labels: string[][] = [];
  for (let i = 0; i < 10; i++) {
    rows.push([1, 0.01 * i, 0]);
    labels.push(['x']);
    rows.push([0, 1, 0.01 * i]);
    labels.push(['y']);
    rows.push([0.01 * i, 0, 1]);
    labels.push(['z']);
  }
  const m = fromRows(rows);
  const cal = calibrateDistanceThreshold({ ...m, labelSets: labels }, { seed: 3 });

  it('calibrates a threshold between same- and different-label distances', () => {
    expect(cal.sameRate).toBe(1);
    expect(cal.differentRate).toBe(1);
    expect(cal.threshold).toBeGreaterThan(0.001);
    expect(cal.threshold).toBeLessThanOrEqual(1);
  });

  it('reads SET, SSD (with the odd index) and ANTISET from distances', () => {
    expect(geometricRelation(fromRows([rows[0], rows[3], rows[6]]), cal).relation).toBe('SET');
    const ssd = geometricRelation(fromRows([rows[0], rows[1], rows[3]]), cal);
    expect(ssd.relation).toBe('SAME_SAME_DIFFERENT');
    expect(ssd.oddIndex).toBe(1);
    expect(ssd.explanation).toContain('d(1,2)=');
    // Explanations number images from 1 for people; the index fields stay 0-based.
    expect(ssd.explanation).toContain('image 2 is the odd one out');
    expect(geometricRelation(fromRows([rows[0], rows[1], rows[2]]), cal).relation).toBe('ANTISET');
    expect(relation({ vectors: fromRows([rows[0], rows[1], rows[2]]) }, { distance: cal }).strategy).toBe(
      'geometric',
    );
  });
});

describe('triplet sampling', () => {
  const classOf = Int32Array.from({ length: 30 }, (_, i) => i % 4);
  it('samples triplets that satisfy each task definition, reproducibly', () => {
    for (const task of ['SET', 'SAME_SAME_DIFFERENT', 'ANTISET'] as const) {
      const ts = sampleTriplets(classOf, task, 50, 9);
      expect(ts).toEqual(sampleTriplets(classOf, task, 50, 9));
      for (const t of ts) {
        const c = t.indices.map((i) => classOf[i]);
        expect(new Set(t.indices).size).toBe(3);
        const distinct = new Set(c).size;
        expect(distinct).toBe(task === 'SET' ? 1 : task === 'ANTISET' ? 3 : 2);
        if (t.oddIndex !== null) expect(c.filter((x) => x === c[t.oddIndex as number]).length).toBe(1);
      }
    }
  });
  it('enumerates every triplet of a task exactly once', () => {
    const small = [0, 0, 0, 1, 1, 2];
    // C(6,3) = 20 = SET 1 + SSD (3·3 + 1·4 = 13... counted below) + ANTISET.
    const n = (['SET', 'SAME_SAME_DIFFERENT', 'ANTISET'] as const).map((t) => allTriplets(small, t).length);
    expect(n[0]).toBe(1);
    expect(n[2]).toBe(3 * 2 * 1);
    expect(n[0] + n[1] + n[2]).toBe(20);
  });
});

describe('N > 3 and bad input', () => {
  const four = fromRows([
    [1, 0, 0, 0],
    [0, 1, 0, 0],
    [0, 0, 1, 0],
    [0, 0, 0, 1],
  ]);
  it('four images, three sharing a label: SSD with the fourth as the odd one', () => {
    const a = labelRelation(four, [L('a', 'p'), L('a', 'q'), L('z'), L('a', 'r')]);
    expect(a.relation).toBe('SAME_SAME_DIFFERENT');
    expect(a.oddIndex).toBe(2);
    expect(a.groups[0]).toEqual([0, 1, 3]);
  });
  it('four images in two pairs: SSD groups, no single odd one', () => {
    const a = labelRelation(four, [L('a'), L('b'), L('a'), L('b')]);
    expect(a.relation).toBe('SAME_SAME_DIFFERENT');
    expect(a.oddIndex).toBeNull();
    expect(a.groups.map((g) => [...g].sort()).sort()).toEqual([
      [0, 2],
      [1, 3],
    ]);
  });
  it('typed errors say what was wrong', () => {
    expect(() => relation({ vectors: fromRows([[1], [2]]) })).toThrow(/N ≥ 3/);
    expect(() => relation({ vectors: three }, { strategy: 'labels' })).toThrow(
      /needs labels per image or a world/,
    );
    expect(() => relation({ vectors: three }, { strategy: 'geometric' })).toThrow(/distance calibration/);
  });
});
