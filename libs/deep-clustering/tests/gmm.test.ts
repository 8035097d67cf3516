import { clusteringAccuracy } from '@clusterflow/clusterflow';
import { describe, expect, it } from 'vitest';
import { GaussianMixture, GaussianMixtureModel, SeededRng, isDeepClusteringError } from '../src/index.js';

const CENTRES = [
  [0, 0],
  [10, 0],
  [0, 10],
];
const SPREAD = [1, 0.5, 1.5];
const SIZES = [60, 40, 100];

/** Three Gaussian blobs in 2-D with known centres, spreads and sizes (labels = the blob). */
function blobs(seed: number): { data: Float64Array; rows: number; labels: Int32Array } {
  const rng = SeededRng.fromSeed(seed);
  const rows = SIZES.reduce((a, b) => a + b, 0);
  const data = new Float64Array(rows * 2);
  const labels = new Int32Array(rows);
  let r = 0;
  SIZES.forEach((n, c) => {
    for (let i = 0; i < n; i++, r++) {
      data[r * 2] = CENTRES[c][0] + SPREAD[c] * rng.normal();
      data[r * 2 + 1] = CENTRES[c][1] + SPREAD[c] * rng.normal();
      labels[r] = c;
    }
  });
  return { data, rows, labels };
}

/** log Σ_c w_c N(x | μ_c, Σ_c) for 2-D full covariances, with the 2 × 2 inverse written out. */
function handLogLikelihood(m: GaussianMixtureModel, data: Float64Array, rows: number): number {
  let total = 0;
  for (let i = 0; i < rows; i++) {
    let p = 0;
    for (let c = 0; c < m.k; c++) {
      const [a, b, , d] = m.covariances.subarray(c * 4, c * 4 + 4);
      const det = a * d - b * b;
      const x = data[i * 2] - m.means[c * 2];
      const y = data[i * 2 + 1] - m.means[c * 2 + 1];
      const maha = (d * x * x - 2 * b * x * y + a * y * y) / det;
      p += (m.weights[c] * Math.exp(-0.5 * maha)) / (2 * Math.PI * Math.sqrt(det));
    }
    total += Math.log(p);
  }
  return total / rows;
}

describe('GaussianMixture', () => {
  const { data, rows, labels } = blobs(3);

  it('recovers three hand-made blobs (ACC 1.0), their centres, sizes and spreads', () => {
    const model = new GaussianMixture({ k: 3, seed: 1 }).fit(data, rows, 2);
    const predicted = model.predict(data, rows);
    expect(clusteringAccuracy(labels, predicted)).toBe(1);
    expect(model.converged).toBe(true);
    for (let blob = 0; blob < 3; blob++) {
      const c = predicted[SIZES.slice(0, blob).reduce((a, b) => a + b, 0)];
      expect(model.means[c * 2]).toBeCloseTo(CENTRES[blob][0], 0);
      expect(model.means[c * 2 + 1]).toBeCloseTo(CENTRES[blob][1], 0);
      expect(model.weights[c]).toBeCloseTo(SIZES[blob] / rows, 3);
      const variance = (model.covariances[c * 4] + model.covariances[c * 4 + 3]) / 2;
      expect(Math.sqrt(variance)).toBeGreaterThan(SPREAD[blob] * 0.75);
      expect(Math.sqrt(variance)).toBeLessThan(SPREAD[blob] * 1.25);
    }
  });

  it('computes the log-likelihood and posteriors of the mixture it reports', () => {
    const model = new GaussianMixture({ k: 3, seed: 1 }).fit(data, rows, 2);
    expect(model.score(data, rows)).toBeCloseTo(handLogLikelihood(model, data, rows), 9);
    const proba = model.predictProba(data, rows);
    for (let i = 0; i < rows; i++)
      expect(proba[i * 3] + proba[i * 3 + 1] + proba[i * 3 + 2]).toBeCloseTo(1, 12);
  });

  it('is seed-deterministic and round-trips through its state', () => {
    const a = new GaussianMixture({ k: 3, seed: 5 }).fit(data, rows, 2);
    const b = new GaussianMixture({ k: 3, seed: 5 }).fit(data, rows, 2);
    expect(a.state).toEqual(b.state);
    const back = GaussianMixtureModel.fromState(JSON.parse(JSON.stringify(a.state)));
    expect(back.predict(data, rows)).toEqual(a.predict(data, rows));
    expect(back.score(data, rows)).toBe(a.score(data, rows));
  });

  it('fits diagonal covariances too', () => {
    const model = new GaussianMixture({ k: 3, covarianceType: 'diag', seed: 2 }).fit(data, rows, 2);
    expect(model.covariances.length).toBe(6);
    expect(clusteringAccuracy(labels, model.predict(data, rows))).toBe(1);
  });

  it('rejects k < 2, k > rows, NaN and bad options with typed errors', () => {
    expect(() => new GaussianMixture({ k: 1 })).toThrow(/k must be an integer ≥ 2/);
    try {
      new GaussianMixture({ k: 4 }).fit(new Float64Array([0, 0, 1, 1, 2, 2]), 3, 2);
      expect.unreachable();
    } catch (error) {
      expect(isDeepClusteringError(error, 'BAD_K')).toBe(true);
      expect((error as Error).message).toMatch(/k = 4 exceeds the 3 rows/);
    }
    const bad = Float64Array.from(data);
    bad[7] = NaN;
    expect(() => new GaussianMixture({ k: 3 }).fit(bad, rows, 2)).toThrow(/row 3 column 1 is NaN/);
    expect(() => new GaussianMixture({ k: 3, regCovar: 0 })).toThrow(/regCovar must be a positive number/);
    expect(() =>
      GaussianMixtureModel.fromState({
        ...new GaussianMixture({ k: 3 }).fit(data, rows, 2).state,
        weights: [1],
      }),
    ).toThrow(/does not fit together/);
  });
});
