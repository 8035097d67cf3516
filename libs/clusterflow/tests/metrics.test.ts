import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  adjustedRandIndex,
  clusteringAccuracy,
  createRng,
  fromRows,
  InvalidInputError,
  normalizedMutualInformation,
  pointMatrix,
  purity,
  silhouetteScore,
} from '../src/index.js';

interface LabelCase {
  name: string;
  truth: number[] | string[];
  predicted: number[] | string[];
  nmi: number;
  acc: number;
  purity: number;
  ari: number;
}
interface SilhouetteCase {
  name: string;
  rows: number;
  cols: number;
  data: number[];
  labels: number[];
  silhouette: number;
}
interface RealCase {
  silhouetteOfClasses: number;
  completeRows: number;
}
const fixtures = JSON.parse(
  readFileSync(new URL('./fixtures/metric-fixtures.json', import.meta.url), 'utf8'),
) as {
  labels: LabelCase[];
  silhouette: SilhouetteCase[];
  real: RealCase;
};

describe('label metrics against scikit-learn 1.2.1 (fixtures/make-metric-fixtures.py)', () => {
  for (const c of fixtures.labels) {
    it(c.name, () => {
      expect(Math.abs(normalizedMutualInformation(c.truth, c.predicted) - c.nmi)).toBeLessThan(1e-9);
      expect(Math.abs(clusteringAccuracy(c.truth, c.predicted) - c.acc)).toBeLessThan(1e-9);
      expect(Math.abs(purity(c.truth, c.predicted) - c.purity)).toBeLessThan(1e-9);
      expect(Math.abs(adjustedRandIndex(c.truth, c.predicted) - c.ari)).toBeLessThan(1e-9);
    });
  }

  it('accepts Int32Array labels', () => {
    const c = fixtures.labels[1];
    const t = Int32Array.from(c.truth as number[]);
    const p = Int32Array.from(c.predicted as number[]);
    expect(Math.abs(normalizedMutualInformation(t, p) - c.nmi)).toBeLessThan(1e-9);
  });
});

describe('label metrics, hand-computed', () => {
  it('NMI of a split cluster', () => {
    // truth {0,0,1,1}, predicted {0,0,1,2}: I = ln 2, H(T) = ln 2, H(P) = 1.5 ln 2 → NMI = 1 / 1.25 = 0.8
    expect(normalizedMutualInformation([0, 0, 1, 1], [0, 0, 1, 2])).toBeCloseTo(0.8, 12);
    expect(normalizedMutualInformation(['a', 'a'], ['x', 'x'])).toBe(1);
    expect(normalizedMutualInformation([0, 0, 1, 1], [0, 0, 0, 0])).toBe(0);
  });

  it('ACC uses a one-to-one mapping, purity does not', () => {
    // predicted puts everything in one cluster: ACC can match it to one class only, purity counts the majority.
    const truth = [0, 0, 0, 1, 1, 2];
    const pred = [7, 7, 7, 7, 7, 7];
    expect(clusteringAccuracy(truth, pred)).toBeCloseTo(3 / 6, 15);
    expect(purity(truth, pred)).toBeCloseTo(3 / 6, 15);
    // Two clusters that both look like class 0: ACC maps only one of them to it.
    expect(clusteringAccuracy([0, 0, 0, 0, 1, 1], [0, 0, 1, 1, 2, 2])).toBeCloseTo(4 / 6, 15);
    expect(purity([0, 0, 0, 0, 1, 1], [0, 0, 1, 1, 2, 2])).toBe(1);
  });

  it('ARI from the pair counts', () => {
    // truth {0,0,1,1}, predicted {0,0,1,2}: pairs together in truth 2, in predicted 1, in both 1, of 6 pairs.
    // ARI = (1 − 2·1/6) / ((2 + 1)/2 − 2·1/6) = (2/3) / (7/6) = 4/7
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 2])).toBeCloseTo(4 / 7, 12);
    expect(adjustedRandIndex(['a', 'a', 'b'], [9, 9, 4])).toBe(1);
    expect(adjustedRandIndex([0, 0, 0], [0, 0, 0])).toBe(1);
    // symmetric in its arguments and near 0 for independent random labelings
    const rng = createRng(7);
    const t = Int32Array.from({ length: 5000 }, () => rng.nextInt(4));
    const p = Int32Array.from({ length: 5000 }, () => rng.nextInt(6));
    expect(adjustedRandIndex(t, p)).toBeCloseTo(adjustedRandIndex(p, t), 12);
    expect(Math.abs(adjustedRandIndex(t, p))).toBeLessThan(0.01);
    expect(() => adjustedRandIndex([0, 1], [0])).toThrow(InvalidInputError);
  });

  it('rejects mismatched lengths', () => {
    expect(() => purity([0, 1], [0])).toThrow(InvalidInputError);
    expect(() => clusteringAccuracy([], [])).toThrow(/at least one/);
  });
});

describe('silhouetteScore', () => {
  for (const c of fixtures.silhouette) {
    it(`${c.name} matches scikit-learn`, () => {
      const pts = pointMatrix(Float64Array.from(c.data), c.rows, c.cols);
      for (const blockSize of [64, 7, 1000]) {
        for (const kernel of ['js', 'wasm'] as const) {
          const s = silhouetteScore(pts, c.labels, { blockSize, kernel });
          expect(Math.abs(s - c.silhouette)).toBeLessThan(1e-6);
        }
      }
    });
  }

  it('hand-computed: two pairs on a line', () => {
    // points 0,1 | 4,5: a = 1 for all; b = 4.5, 3.5, 3.5, 4.5 → s = 7/9, 5/7, 5/7, 7/9
    const s = silhouetteScore(fromRows([[0], [1], [4], [5]]), ['a', 'a', 'b', 'b']);
    expect(s).toBeCloseTo((7 / 9 + 5 / 7) / 2, 12);
  });

  it('sampling scores a seeded subset, reproducibly and close to the full score', () => {
    const c = fixtures.silhouette[0];
    const pts = pointMatrix(Float32Array.from(c.data), c.rows, c.cols);
    const a = silhouetteScore(pts, Int32Array.from(c.labels), { sampleSize: 80, seed: 3 });
    const b = silhouetteScore(pts, Int32Array.from(c.labels), { sampleSize: 80, seed: 3 });
    expect(a).toBe(b);
    expect(Math.abs(a - c.silhouette)).toBeLessThan(0.05);
  });

  it('is invariant to the label names and near 0 for a random labeling', () => {
    const rng = createRng(1);
    const data = new Float64Array(200 * 3);
    for (let i = 0; i < data.length; i++) data[i] = rng.next();
    const labels = Array.from({ length: 200 }, () => rng.nextInt(3));
    const pts = pointMatrix(data, 200, 3);
    const s = silhouetteScore(pts, labels);
    expect(Math.abs(s)).toBeLessThan(0.1);
    expect(
      silhouetteScore(
        pts,
        labels.map((l) => `c${l}`),
      ),
    ).toBeCloseTo(s, 12);
  });

  it('rejects a single label and mismatched lengths', () => {
    expect(() => silhouetteScore(fromRows([[0], [1]]), [0, 0])).toThrow(/2 <= number of labels/);
    expect(() => silhouetteScore(fromRows([[0], [1], [2]]), [0, 1])).toThrow(InvalidInputError);
  });
});

describe('metrics on real data (Wisconsin breast cancer, complete rows)', () => {
  it('silhouette of the true classes matches scikit-learn', () => {
    const csv = readFileSync(
      new URL('../../../../shared/data/tables/breast-cancer-wisconsin.csv', import.meta.url),
      'utf8',
    );
    const rows = csv
      .trim()
      .split('\n')
      .map((l) => l.split(','))
      .filter((r) => !r.includes('?'));
    expect(rows.length).toBe(fixtures.real.completeRows);
    const pts = fromRows(rows.map((r) => r.slice(0, 9).map(Number)));
    const labels = rows.map((r) => r[9]);
    for (const kernel of ['js', 'wasm'] as const) {
      expect(
        Math.abs(silhouetteScore(pts, labels, { kernel }) - fixtures.real.silhouetteOfClasses),
      ).toBeLessThan(1e-6);
    }
  });
});
