import { InvalidReasoningInputError } from '../errors/reasoning-error.js';

/**
 * A linear probe fitted in closed form: ridge regression of one-hot labels on centred rows (solved in the dual, as
 * a world has fewer examples than dimensions), turned into class probabilities by a softmax of `temperature` ×
 * scores. Exact and fast: no iterations to under-fit, no random start.
 */
export interface RidgeProbe {
  /** Row mean subtracted before scoring. */
  readonly mean: readonly number[];
  /** `cols × classes` weights, row-major. */
  readonly weights: readonly number[];
  /** Per-class score offset (the mean one-hot label). */
  readonly bias: readonly number[];
  /** Softmax temperature on the scores (fitted by held-out log-likelihood). */
  readonly temperature: number;
  /** Ridge penalty the weights were solved with. */
  readonly lambda: number;
  /** Number of classes. */
  readonly classes: number;
}

/** Ridge penalties tried and softmax temperatures tried (the best by cross-fitted log-likelihood wins). */
export const RIDGE_LAMBDAS: readonly number[] = [0.01, 0.1, 1];
const TEMPERATURES: readonly number[] = [1, 2, 4, 8, 16, 32, 64, 128];

/** Solves (K + λI) A = B for symmetric positive definite K (n × n) by Cholesky; B is n × m, row-major. */
function solveSpd(k: Float64Array, n: number, lambda: number, b: Float64Array, m: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = k[i * n + j] + (i === j ? lambda : 0);
      for (let p = 0; p < j; p++) s -= l[i * n + p] * l[j * n + p];
      l[i * n + j] = i === j ? Math.sqrt(Math.max(s, 1e-300)) : s / l[j * n + j];
    }
  }
  const y = new Float64Array(n * m);
  for (let c = 0; c < m; c++) {
    for (let i = 0; i < n; i++) {
      let s = b[i * m + c];
      for (let p = 0; p < i; p++) s -= l[i * n + p] * y[p * m + c];
      y[i * m + c] = s / l[i * n + i];
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = y[i * m + c];
      for (let p = i + 1; p < n; p++) s -= l[p * n + i] * y[p * m + c];
      y[i * m + c] = s / l[i * n + i];
    }
  }
  return y;
}

/** Uncentred Gram matrix of all `rows` rows (row-major, symmetric): computed once, shared by every fold and λ. */
function gramOf(data: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const g = new Float64Array(rows * rows);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let d = 0; d < cols; d++) s += data[i * cols + d] * data[j * cols + d];
      g[i * rows + j] = g[j * rows + i] = s;
    }
  }
  return g;
}

/**
 * Ridge weights (primal, cols × classes), mean and bias from the subset `rows` and their classes, solved in the
 * dual: the subset's centred Gram matrix is derived from the full uncentred one `gram` (`all` × `all`), so no
 * dot product over the columns is repeated per fold or λ.
 */
function solveRidge(
  data: ArrayLike<number>,
  gram: Float64Array,
  all: number,
  rows: readonly number[],
  cols: number,
  classOf: ArrayLike<number>,
  classes: number,
  lambda: number,
): { mean: Float64Array; weights: Float64Array; bias: Float64Array } {
  const n = rows.length;
  const mean = new Float64Array(cols);
  for (const r of rows) for (let j = 0; j < cols; j++) mean[j] += data[r * cols + j] / n;
  const bias = new Float64Array(classes);
  for (const r of rows) bias[classOf[r]] += 1 / n;
  // centred Gram: K_ij − mean_k K_ik − mean_k K_jk + mean_kl K_kl
  const rowMean = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < n; k++) s += gram[rows[i] * all + rows[k]];
    rowMean[i] = s / n;
    total += s;
  }
  total /= n * n;
  const k = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      k[i * n + j] = gram[rows[i] * all + rows[j]] - rowMean[i] - rowMean[j] + total;
  const y = new Float64Array(n * classes);
  rows.forEach((r, i) => {
    for (let c = 0; c < classes; c++) y[i * classes + c] = (classOf[r] === c ? 1 : 0) - bias[c];
  });
  const alpha = solveSpd(k, n, lambda, y, classes);
  // W = Σ_i α_i (x_i − mean)
  const weights = new Float64Array(cols * classes);
  const alphaSum = new Float64Array(classes);
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    for (let c = 0; c < classes; c++) alphaSum[c] += alpha[i * classes + c];
    for (let d = 0; d < cols; d++) {
      const v = data[r * cols + d];
      for (let c = 0; c < classes; c++) weights[d * classes + c] += v * alpha[i * classes + c];
    }
  }
  for (let d = 0; d < cols; d++)
    for (let c = 0; c < classes; c++) weights[d * classes + c] -= mean[d] * alphaSum[c];
  return { mean, weights, bias };
}

function scores(
  model: { mean: ArrayLike<number>; weights: ArrayLike<number>; bias: ArrayLike<number> },
  row: ArrayLike<number>,
  classes: number,
): Float64Array {
  const out = Float64Array.from(model.bias as ArrayLike<number>);
  for (let d = 0; d < model.mean.length; d++) {
    const v = row[d] - model.mean[d];
    if (v === 0) continue;
    for (let c = 0; c < classes; c++) out[c] += v * model.weights[d * classes + c];
  }
  return out;
}

function softmaxOf(s: ArrayLike<number>, t: number): Float64Array {
  let max = -Infinity;
  for (let c = 0; c < s.length; c++) max = Math.max(max, t * s[c]);
  const p = new Float64Array(s.length);
  let sum = 0;
  for (let c = 0; c < s.length; c++) sum += p[c] = Math.exp(t * s[c] - max);
  for (let c = 0; c < s.length; c++) p[c] /= sum;
  return p;
}

/** A fitted ridge probe with the cross-fitted distributions of its own examples. */
export interface RidgeProbeFit {
  /** The probe refitted on all rows with the chosen λ and temperature. */
  readonly probe: RidgeProbe;
  /** Per example, its class distribution from the fold model that did not see it. */
  readonly crossFitted: Float64Array[];
}

/**
 * Fits a ridge probe on `data` (`rows × cols`, row-major) with classes `classOf`. Every example also gets a
 * cross-fitted distribution (its fold left out, `fold[i]` in [0, folds)); λ and the temperature are the pair with
 * the best cross-fitted log-likelihood. Returns the probe refitted on all rows and the cross-fitted distributions.
 */
export function fitRidgeProbe(
  data: ArrayLike<number>,
  rows: number,
  cols: number,
  classOf: ArrayLike<number>,
  classes: number,
  fold: ArrayLike<number>,
  folds: number,
): RidgeProbeFit {
  if (data.length !== rows * cols || classOf.length !== rows || fold.length !== rows)
    throw new InvalidReasoningInputError(
      `fitRidgeProbe: ${data.length} values, ${classOf.length} classes, ${fold.length} folds for ${rows} rows × ${cols} cols`,
    );
  const gram = gramOf(data, rows, cols);
  let best: { ll: number; lambda: number; t: number; scores: Float64Array[] } | undefined;
  for (const lambda of RIDGE_LAMBDAS) {
    const held: Float64Array[] = new Array<Float64Array>(rows);
    for (let f = 0; f < folds; f++) {
      const fit: number[] = [];
      for (let i = 0; i < rows; i++) if (fold[i] !== f) fit.push(i);
      const m = solveRidge(data, gram, rows, fit, cols, classOf, classes, lambda);
      for (let i = 0; i < rows; i++)
        if (fold[i] === f)
          held[i] = scores(m, Array.prototype.slice.call(data, i * cols, (i + 1) * cols), classes);
    }
    for (const t of TEMPERATURES) {
      let ll = 0;
      for (let i = 0; i < rows; i++) ll += Math.log(softmaxOf(held[i], t)[classOf[i]] + 1e-12);
      if (best === undefined || ll > best.ll) best = { ll, lambda, t, scores: held };
    }
  }
  const chosen = best as { ll: number; lambda: number; t: number; scores: Float64Array[] };
  const all = Array.from({ length: rows }, (_, i) => i);
  const m = solveRidge(data, gram, rows, all, cols, classOf, classes, chosen.lambda);
  return {
    probe: {
      mean: [...m.mean],
      weights: [...m.weights],
      bias: [...m.bias],
      temperature: chosen.t,
      lambda: chosen.lambda,
      classes,
    },
    crossFitted: chosen.scores.map((s) => softmaxOf(s, chosen.t)),
  };
}

/** Class distribution of one row under a fitted ridge probe. */
export function ridgeProbePosterior(probe: RidgeProbe, row: ArrayLike<number>): Float64Array {
  return softmaxOf(scores(probe, row, probe.classes), probe.temperature);
}
