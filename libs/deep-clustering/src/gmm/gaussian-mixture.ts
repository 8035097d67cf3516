import { kmeans, pointMatrix } from '@clusterflow/clusterflow';
import { DeepClusteringError } from '../data/deep-clustering-error.js';
import { validateData } from '../data/validate-data.js';
import { GaussianMixtureModel, type CovarianceType } from './gaussian-mixture-model.js';

/** Options of {@link GaussianMixture}; the defaults are scikit-learn's `GaussianMixture`'s. */
export interface GaussianMixtureOptions {
  /** Number of components (2 ≤ k ≤ rows). */
  readonly k: number;
  /** `full` (default) or `diag`. */
  readonly covarianceType?: CovarianceType;
  /** EM iteration limit. Default 100. */
  readonly maxIterations?: number;
  /** Stop when the mean log-likelihood per row changes by less than this. Default 1e-3. */
  readonly tolerance?: number;
  /** Added to every variance so no component collapses onto a point. Default 1e-6. */
  readonly regCovar?: number;
  /** Independent starts (seeds seed … seed + nInit − 1); the highest log-likelihood wins. Default 1. */
  readonly nInit?: number;
  /** Seed of the k-means++ start. Default 0. */
  readonly seed?: number;
}

/**
 * Gaussian mixture fitted by expectation–maximisation, started from a k-means++ / Lloyd clustering (clusterflow's
 * `kmeans`), as scikit-learn's `init_params='kmeans'`. Rows are plain row-major typed arrays; same seed and data →
 * same model. `new GaussianMixture({ k }).fit(data, rows, cols)` → a {@link GaussianMixtureModel}.
 */
export class GaussianMixture {
  private readonly o: Required<GaussianMixtureOptions>;

  /** @param options - see {@link GaussianMixtureOptions}. */
  constructor(options: GaussianMixtureOptions) {
    this.o = resolve(options);
  }

  /** Fits the mixture to `rows × cols` values (row-major); throws a typed error on bad input. */
  fit(data: Float32Array | Float64Array, rows: number, cols: number): GaussianMixtureModel {
    validateData(data, rows, cols, this.o.k);
    let best: GaussianMixtureModel | undefined;
    for (let run = 0; run < this.o.nInit; run++) {
      const model = this.fitOnce(data, rows, cols, this.o.seed + run);
      if (best === undefined || model.logLikelihood > best.logLikelihood) best = model;
    }
    return best as GaussianMixtureModel;
  }

  private fitOnce(
    data: Float32Array | Float64Array,
    rows: number,
    cols: number,
    seed: number,
  ): GaussianMixtureModel {
    const k = this.o.k;
    const km = kmeans(pointMatrix(data, rows, cols), { k, seed });
    const resp = new Float64Array(rows * k);
    for (let i = 0; i < rows; i++) resp[i * k + km.assignments[i]] = 1;
    let model = this.mStep(data, rows, cols, resp, 0, false, -Infinity);
    let previous = -Infinity;
    for (let it = 1; it <= this.o.maxIterations; it++) {
      const { logResp, meanLogLikelihood } = model.logResponsibilities(data, rows);
      for (let i = 0; i < logResp.length; i++) resp[i] = Math.exp(logResp[i]);
      const converged = Math.abs(meanLogLikelihood - previous) < this.o.tolerance;
      previous = meanLogLikelihood;
      if (converged) {
        return new GaussianMixtureModel(
          k,
          cols,
          this.o.covarianceType,
          model.weights,
          model.means,
          model.covariances,
          it - 1,
          true,
          meanLogLikelihood,
        );
      }
      model = this.mStep(data, rows, cols, resp, it, false, meanLogLikelihood);
    }
    const last = model.score(data, rows);
    return new GaussianMixtureModel(
      k,
      cols,
      this.o.covarianceType,
      model.weights,
      model.means,
      model.covariances,
      this.o.maxIterations,
      false,
      last,
    );
  }

  /** Weights, means and covariances from responsibilities (rows × k). */
  private mStep(
    data: Float32Array | Float64Array,
    rows: number,
    d: number,
    resp: Float64Array,
    iterations: number,
    converged: boolean,
    logLikelihood: number,
  ): GaussianMixtureModel {
    const k = this.o.k;
    const full = this.o.covarianceType === 'full';
    const nk = new Float64Array(k);
    const means = new Float64Array(k * d);
    for (let i = 0; i < rows; i++) {
      for (let c = 0; c < k; c++) {
        const r = resp[i * k + c];
        if (r === 0) continue;
        nk[c] += r;
        for (let j = 0; j < d; j++) means[c * d + j] += r * data[i * d + j];
      }
    }
    // scikit-learn's 10·eps keeps an emptied component finite; its weight then falls to ≈ 0.
    for (let c = 0; c < k; c++) nk[c] += 10 * Number.EPSILON;
    for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) means[c * d + j] /= nk[c];
    const cov = new Float64Array(full ? k * d * d : k * d);
    const diff = new Float64Array(d);
    for (let i = 0; i < rows; i++) {
      for (let c = 0; c < k; c++) {
        const r = resp[i * k + c];
        if (r === 0) continue;
        for (let j = 0; j < d; j++) diff[j] = data[i * d + j] - means[c * d + j];
        if (full) {
          const off = c * d * d;
          for (let a = 0; a < d; a++) {
            const ra = r * diff[a];
            for (let b = 0; b <= a; b++) cov[off + a * d + b] += ra * diff[b];
          }
        } else {
          for (let j = 0; j < d; j++) cov[c * d + j] += r * diff[j] * diff[j];
        }
      }
    }
    for (let c = 0; c < k; c++) {
      if (full) {
        const off = c * d * d;
        for (let a = 0; a < d; a++) {
          for (let b = 0; b <= a; b++) {
            const v = cov[off + a * d + b] / nk[c] + (a === b ? this.o.regCovar : 0);
            cov[off + a * d + b] = v;
            cov[off + b * d + a] = v;
          }
        }
      } else {
        for (let j = 0; j < d; j++) cov[c * d + j] = cov[c * d + j] / nk[c] + this.o.regCovar;
      }
    }
    const weights = Float64Array.from(nk, (n) => n / rows);
    return new GaussianMixtureModel(
      k,
      d,
      this.o.covarianceType,
      weights,
      means,
      cov,
      iterations,
      converged,
      logLikelihood,
    );
  }
}

function resolve(o: GaussianMixtureOptions): Required<GaussianMixtureOptions> {
  if (!Number.isInteger(o.k) || o.k < 2) {
    throw new DeepClusteringError('BAD_K', `k must be an integer ≥ 2, got ${o.k}.`);
  }
  const covarianceType = o.covarianceType ?? 'full';
  if (covarianceType !== 'full' && covarianceType !== 'diag') {
    throw new DeepClusteringError(
      'BAD_OPTION',
      `covarianceType must be "full" or "diag", got "${String(covarianceType)}".`,
    );
  }
  const positiveInt = (name: string, v: number): number => {
    if (!Number.isInteger(v) || v < 1) {
      throw new DeepClusteringError('BAD_OPTION', `${name} must be a positive integer, got ${v}.`);
    }
    return v;
  };
  const positive = (name: string, v: number): number => {
    if (!(v > 0) || !Number.isFinite(v)) {
      throw new DeepClusteringError('BAD_OPTION', `${name} must be a positive number, got ${v}.`);
    }
    return v;
  };
  const seed = o.seed ?? 0;
  if (!Number.isInteger(seed))
    throw new DeepClusteringError('BAD_OPTION', `seed must be an integer, got ${seed}.`);
  return {
    k: o.k,
    covarianceType,
    maxIterations: positiveInt('maxIterations', o.maxIterations ?? 100),
    tolerance: positive('tolerance', o.tolerance ?? 1e-3),
    regCovar: positive('regCovar', o.regCovar ?? 1e-6),
    nInit: positiveInt('nInit', o.nInit ?? 1),
    seed,
  };
}
