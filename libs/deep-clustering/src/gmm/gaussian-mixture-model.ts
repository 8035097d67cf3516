import { DeepClusteringError } from '../data/deep-clustering-error.js';
import { validateRows } from '../data/validate-data.js';
import { choleskyInPlace } from './cholesky.js';

/** `full`: one d × d covariance per component; `diag`: one variance per component and dimension. */
export type CovarianceType = 'full' | 'diag';

/** Everything a fitted mixture is made of, as plain arrays (JSON-serialisable with `Array.from`). */
export interface GaussianMixtureState {
  /** Number of components. */
  readonly k: number;
  /** Dimensions per row. */
  readonly dim: number;
  /** `full` or `diag`. */
  readonly covarianceType: CovarianceType;
  /** Mixing weights (k, sum 1). */
  readonly weights: readonly number[];
  /** Means (k × dim, row-major). */
  readonly means: readonly number[];
  /** Covariances: k × dim × dim (full) or k × dim (diag), row-major. */
  readonly covariances: readonly number[];
  /** EM iterations run. */
  readonly iterations: number;
  /** Whether the log-likelihood change fell below the tolerance before the iteration limit. */
  readonly converged: boolean;
  /** Mean log-likelihood per training row at the end of the fit. */
  readonly logLikelihood: number;
}

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * A fitted Gaussian mixture: hard (`predict`) and soft (`predictProba`) assignments of new rows, their mean
 * log-likelihood (`score`), and a plain-array `state` that {@link GaussianMixtureModel.fromState} reads back.
 */
export class GaussianMixtureModel {
  /** Mixing weights (k). */
  readonly weights: Float64Array;
  /** Means (k × dim, row-major). */
  readonly means: Float64Array;
  /** Covariances (k × dim × dim for full, k × dim for diag). */
  readonly covariances: Float64Array;
  /** Lower Cholesky factors (full) or standard deviations (diag), same layout as `covariances`. */
  private readonly factors: Float64Array;
  /** log det Σ of every component. */
  private readonly logDets: Float64Array;

  /**
   * @param k - number of components.
   * @param dim - dimensions per row.
   * @param covarianceType - `full` or `diag`.
   * @param weights - mixing weights (k).
   * @param means - k × dim means.
   * @param covariances - covariances in the layout of `covarianceType`.
   * @param iterations - EM iterations run.
   * @param converged - whether EM converged.
   * @param logLikelihood - mean log-likelihood per training row.
   */
  constructor(
    /** Number of components. */
    readonly k: number,
    /** Dimensions per row. */
    readonly dim: number,
    /** `full` or `diag`. */
    readonly covarianceType: CovarianceType,
    weights: Float64Array,
    means: Float64Array,
    covariances: Float64Array,
    /** EM iterations run. */
    readonly iterations: number,
    /** Whether EM converged before its iteration limit. */
    readonly converged: boolean,
    /** Mean log-likelihood per training row at the end of the fit. */
    readonly logLikelihood: number,
  ) {
    this.weights = weights;
    this.means = means;
    this.covariances = covariances;
    const { factors, logDets } = factorise(k, dim, covarianceType, covariances);
    this.factors = factors;
    this.logDets = logDets;
  }

  /** Rebuilds a model from {@link GaussianMixtureModel.state}, checking that the array sizes fit together. */
  static fromState(s: GaussianMixtureState): GaussianMixtureModel {
    const covLength = s.covarianceType === 'full' ? s.k * s.dim * s.dim : s.k * s.dim;
    if (
      !Number.isInteger(s.k) ||
      s.k < 1 ||
      !Number.isInteger(s.dim) ||
      s.dim < 1 ||
      (s.covarianceType !== 'full' && s.covarianceType !== 'diag') ||
      s.weights.length !== s.k ||
      s.means.length !== s.k * s.dim ||
      s.covariances.length !== covLength
    ) {
      throw new DeepClusteringError(
        'CHECKPOINT_MISMATCH',
        `Gaussian mixture state does not fit together: k ${s.k}, dim ${s.dim}, ${s.covarianceType}, ${s.weights.length} weights, ${s.means.length} mean values, ${s.covariances.length} covariance values (needs ${covLength}).`,
      );
    }
    return new GaussianMixtureModel(
      s.k,
      s.dim,
      s.covarianceType,
      Float64Array.from(s.weights),
      Float64Array.from(s.means),
      Float64Array.from(s.covariances),
      s.iterations,
      s.converged,
      s.logLikelihood,
    );
  }

  /** The model as plain arrays. */
  get state(): GaussianMixtureState {
    return {
      k: this.k,
      dim: this.dim,
      covarianceType: this.covarianceType,
      weights: Array.from(this.weights),
      means: Array.from(this.means),
      covariances: Array.from(this.covariances),
      iterations: this.iterations,
      converged: this.converged,
      logLikelihood: this.logLikelihood,
    };
  }

  /** Component of every row: the one with the highest posterior probability. */
  predict(data: Float32Array | Float64Array, rows: number): Int32Array {
    const logResp = this.logResponsibilities(data, rows).logResp;
    const out = new Int32Array(rows);
    for (let i = 0; i < rows; i++) {
      let best = 0;
      for (let c = 1; c < this.k; c++) if (logResp[i * this.k + c] > logResp[i * this.k + best]) best = c;
      out[i] = best;
    }
    return out;
  }

  /** Posterior probability of every component for every row (rows × k, row-major, rows sum to 1). */
  predictProba(data: Float32Array | Float64Array, rows: number): Float64Array {
    const { logResp } = this.logResponsibilities(data, rows);
    for (let i = 0; i < logResp.length; i++) logResp[i] = Math.exp(logResp[i]);
    return logResp;
  }

  /** Mean log-likelihood per row of `data` under the mixture. */
  score(data: Float32Array | Float64Array, rows: number): number {
    return this.logResponsibilities(data, rows).meanLogLikelihood;
  }

  /**
   * log p(c | x_i) for every row and component, and the mean of log p(x_i). Used by EM's E-step as well.
   * @internal
   */
  logResponsibilities(
    data: Float32Array | Float64Array,
    rows: number,
  ): {
    /** log p(c | x_i), rows × k, row-major. */
    logResp: Float64Array;
    /** Mean over rows of log p(x_i). */
    meanLogLikelihood: number;
  } {
    const d = this.dim;
    validateRows(data, rows, d, 'data');
    const k = this.k;
    const logResp = new Float64Array(rows * k);
    const diff = new Float64Array(d);
    const logWeights = Array.from(this.weights, (w) => Math.log(w));
    let total = 0;
    for (let i = 0; i < rows; i++) {
      const base = i * d;
      let max = -Infinity;
      for (let c = 0; c < k; c++) {
        const mu = c * d;
        let maha = 0;
        if (this.covarianceType === 'full') {
          // Forward substitution L y = x − μ; the Mahalanobis distance is ‖y‖².
          const off = c * d * d;
          for (let r = 0; r < d; r++) {
            let s = data[base + r] - this.means[mu + r];
            for (let p = 0; p < r; p++) s -= this.factors[off + r * d + p] * diff[p];
            const y = s / this.factors[off + r * d + r];
            diff[r] = y;
            maha += y * y;
          }
        } else {
          for (let r = 0; r < d; r++) {
            const y = (data[base + r] - this.means[mu + r]) / this.factors[mu + r];
            maha += y * y;
          }
        }
        const v = logWeights[c] - 0.5 * (d * LOG_2PI + this.logDets[c] + maha);
        logResp[i * k + c] = v;
        if (v > max) max = v;
      }
      let sum = 0;
      for (let c = 0; c < k; c++) sum += Math.exp(logResp[i * k + c] - max);
      const lse = max + Math.log(sum);
      total += lse;
      for (let c = 0; c < k; c++) logResp[i * k + c] -= lse;
    }
    return { logResp, meanLogLikelihood: total / rows };
  }
}

function factorise(
  k: number,
  d: number,
  type: CovarianceType,
  covariances: Float64Array,
): { factors: Float64Array; logDets: Float64Array } {
  const factors = Float64Array.from(covariances);
  const logDets = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    if (type === 'full') {
      if (!choleskyInPlace(factors, d, c * d * d)) {
        throw new DeepClusteringError(
          'DEGENERATE',
          `The covariance of component ${c} is not positive definite: raise regCovar (added to every variance) or lower k.`,
        );
      }
      for (let r = 0; r < d; r++) logDets[c] += 2 * Math.log(factors[c * d * d + r * d + r]);
    } else {
      for (let r = 0; r < d; r++) {
        const v = factors[c * d + r];
        if (!(v > 0)) {
          throw new DeepClusteringError(
            'DEGENERATE',
            `The variance of component ${c} in dimension ${r} is ${v}: raise regCovar (added to every variance) or lower k.`,
          );
        }
        factors[c * d + r] = Math.sqrt(v);
        logDets[c] += Math.log(v);
      }
    }
  }
  return { factors, logDets };
}
