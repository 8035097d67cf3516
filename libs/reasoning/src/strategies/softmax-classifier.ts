/** A multinomial logistic regression over standardised features (fitted by `fitSoftmaxClassifier`). */
export interface SoftmaxClassifier {
  /** Feature means subtracted before the weights apply. */
  readonly mean: readonly number[];
  /** Feature standard deviations divided out (1 where a feature is constant). */
  readonly scale: readonly number[];
  /** `classes × (features + 1)` weights, bias last, row-major. */
  readonly weights: readonly number[];
  /** Number of classes. */
  readonly classes: number;
}

/** Options of `fitSoftmaxClassifier`. */
export interface SoftmaxFitOptions {
  /** Full-batch gradient steps. Default 400. */
  readonly steps?: number;
  /** Step size. Default 0.5. */
  readonly learningRate?: number;
  /** L2 penalty on the weights (not the bias). Default 1e-3. */
  readonly l2?: number;
  /**
   * 'per-feature' (default): each feature centred and divided by its standard deviation — for a few features.
   * 'global': centred, then one scale for all (the RMS row norm) — for many correlated features (CNN taps), where
   * per-feature scaling would make full-batch gradient descent unstable.
   */
  readonly scaling?: 'per-feature' | 'global';
}

/**
 * Fits softmax regression by full-batch gradient descent from zero weights (deterministic: no random start), each
 * class weighted inversely to its frequency so a rare relation is not swallowed by a common one.
 */
export function fitSoftmaxClassifier(
  x: readonly (readonly number[])[],
  y: readonly number[],
  classes: number,
  options: SoftmaxFitOptions = {},
): SoftmaxClassifier {
  const n = x.length;
  const f = n > 0 ? x[0].length : 0;
  const mean = new Array<number>(f).fill(0);
  const scale = new Array<number>(f).fill(0);
  for (const row of x) row.forEach((v, j) => (mean[j] += v / n));
  for (const row of x) row.forEach((v, j) => (scale[j] += (v - mean[j]) ** 2 / n));
  if (options.scaling === 'global') {
    const rms = Math.sqrt(scale.reduce((a, v) => a + v, 0));
    scale.fill(rms > 1e-12 ? rms : 1);
  } else {
    for (let j = 0; j < f; j++) scale[j] = scale[j] > 1e-12 ? Math.sqrt(scale[j]) : 1;
  }
  const z = x.map((row) => [...row.map((v, j) => (v - mean[j]) / scale[j]), 1]);
  const counts = new Array<number>(classes).fill(0);
  for (const c of y) counts[c]++;
  const present = counts.filter((c) => c > 0).length;
  const sampleWeight = y.map((c) => n / (present * counts[c]));
  const w = new Float64Array(classes * (f + 1));
  const steps = options.steps ?? 400;
  const lr = options.learningRate ?? 0.5;
  const l2 = options.l2 ?? 1e-3;
  const grad = new Float64Array(w.length);
  for (let step = 0; step < steps; step++) {
    grad.fill(0);
    for (let i = 0; i < n; i++) {
      const p = probabilities(w, z[i], classes);
      for (let c = 0; c < classes; c++) {
        const g = (p[c] - (y[i] === c ? 1 : 0)) * sampleWeight[i];
        for (let j = 0; j <= f; j++) grad[c * (f + 1) + j] += (g * z[i][j]) / n;
      }
    }
    for (let c = 0; c < classes; c++) {
      for (let j = 0; j <= f; j++) {
        const k = c * (f + 1) + j;
        w[k] -= lr * (grad[k] + (j < f ? l2 * w[k] : 0));
      }
    }
  }
  return { mean, scale, weights: [...w], classes };
}

/** Class probabilities of one feature row under a fitted classifier. */
export function predictSoftmax(model: SoftmaxClassifier, features: readonly number[]): Float64Array {
  const z = [...features.map((v, j) => (v - model.mean[j]) / model.scale[j]), 1];
  return probabilities(model.weights, z, model.classes);
}

function probabilities(w: ArrayLike<number>, z: readonly number[], classes: number): Float64Array {
  const width = z.length;
  const logits = new Float64Array(classes);
  for (let c = 0; c < classes; c++) {
    let s = 0;
    for (let j = 0; j < width; j++) s += w[c * width + j] * z[j];
    logits[c] = s;
  }
  let max = -Infinity;
  for (const v of logits) max = Math.max(max, v);
  let sum = 0;
  for (let c = 0; c < classes; c++) sum += logits[c] = Math.exp(logits[c] - max);
  for (let c = 0; c < classes; c++) logits[c] /= sum;
  return logits;
}
