import { describe, expect, it } from 'vitest';
import { alignClusters, DDCVote, isDeepClusteringError, voteClusterings } from '../src/index.js';

describe('alignClusters', () => {
  it('undoes a permutation of the labels', () => {
    const ref = Int32Array.from([0, 0, 1, 1, 2, 2, 2]);
    const permuted = Int32Array.from([2, 2, 0, 0, 1, 1, 1]);
    expect(Array.from(alignClusters(ref, permuted, 3))).toEqual(Array.from(ref));
  });

  it('maximises agreement when the clusterings differ (hand-computed)', () => {
    // other's 0 overlaps ref's 1 on 3 rows, other's 1 overlaps ref's 0 on 2 rows: map 0→1, 1→0.
    const ref = Int32Array.from([0, 0, 0, 1, 1, 1]);
    const other = Int32Array.from([1, 1, 0, 0, 0, 0]);
    expect(Array.from(alignClusters(ref, other, 2))).toEqual([0, 0, 1, 1, 1, 1]);
  });
});

describe('voteClusterings', () => {
  it('keeps the top runs by loss, aligns them to the lowest-loss run and votes; ties go to the reference', () => {
    const best = Int32Array.from([0, 0, 1, 1, 2, 2]);
    // second = best under 0→1, 1→2, 2→0 except row 5 (2 where the permutation gives 0); third likewise
    // under 0→2, 1→0, 2→1 except row 5. Aligned to best both read [0, 0, 1, 1, 2, 1].
    const second = Int32Array.from([1, 1, 2, 2, 0, 2]);
    const third = Int32Array.from([2, 2, 0, 0, 1, 0]);
    const ignored = Int32Array.from([0, 1, 0, 1, 0, 1]);
    const r = voteClusterings(
      [
        { assignments: ignored, loss: 9 },
        { assignments: third, loss: 0.3 },
        { assignments: best, loss: 0.1 },
        { assignments: second, loss: 0.2 },
      ],
      3,
      3,
    );
    expect(r.selected).toEqual([2, 3, 1]);
    // Row 5: best says 2, both aligned others say 1 → the majority 1 wins over the reference.
    expect(Array.from(r.assignments)).toEqual([0, 0, 1, 1, 2, 1]);
    const tie = voteClusterings(
      [
        { assignments: Int32Array.from([0, 1, 2, 0]), loss: 1 },
        { assignments: Int32Array.from([0, 1, 2, 1]), loss: 2 },
        { assignments: Int32Array.from([0, 1, 2, 2]), loss: 3 },
      ],
      3,
    );
    expect(tie.assignments[3]).toBe(0);
  });

  it('rejects runs of different lengths and non-finite losses', () => {
    const a = Int32Array.from([0, 1]);
    expect(() =>
      voteClusterings(
        [
          { assignments: a, loss: 1 },
          { assignments: Int32Array.from([0]), loss: 1 },
        ],
        2,
      ),
    ).toThrow(/run 1 has 1 assignments/);
    expect(() => voteClusterings([{ assignments: a, loss: NaN }], 2)).toThrow(/finite loss/);
  });
});

describe('DDCVote', () => {
  it('validates its ensemble options', () => {
    const error = (() => {
      try {
        new DDCVote({ k: 3, seeds: [1, 1] });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(isDeepClusteringError(error, 'BAD_OPTION')).toBe(true);
    expect(() => new DDCVote({ k: 3, seeds: [1, 2], top: 3 })).toThrow(/top must be an integer in 1..2/);
  });

  it('runs every seed on real digits, votes, and returns the lowest-loss run as DDC', async () => {
    const { loadMnist } = await import('../src/index.js');
    const d = await loadMnist({ subset: 'test', limit: 200 });
    const vote = new DDCVote({
      k: 10,
      variant: 'fc',
      hiddenUnits: [32, 16],
      learningRate: 1e-3,
      batchSize: 50,
      epochs: 2,
      seeds: [0, 1, 2, 3],
      top: 3,
    });
    const r = await vote.fit(d);
    expect(r.runs.map((x) => x.seed)).toEqual([0, 1, 2, 3]);
    const losses = r.runs.map((x) => x.loss);
    expect(r.runs[r.selected[0]].loss).toBe(Math.min(...losses));
    expect(r.selected.length).toBe(3);
    expect(Array.from(r.bestAssignments)).toEqual(Array.from(r.bestModel.predict(d)));
    expect(r.bestModel.loss(d)).toBeCloseTo(Math.min(...losses), 6);
    r.bestModel.dispose();
  });
});
