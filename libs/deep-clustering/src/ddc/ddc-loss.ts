import * as tf from '@tensorflow/tfjs';

/**
 * How the loss terms are scaled. `pairs` (default) averages each term over its pairs: d_cs over the k(k−1)/2
 * cluster pairs and triu(AAᵀ) over the n(n−1)/2 sample pairs, as the authors' public implementations do, so the
 * three terms are on one scale and weigh equally (the paper's §4.7). `paper` is eq. (3)–(4) literally: d_cs with
 * the 1/k factor, triu(AAᵀ) as a plain sum (which then outweighs the other two terms by ~n²/2k at batch size n).
 */
export type DdcLossScaling = 'pairs' | 'paper';

/** Options of {@link ddcLoss}. */
export interface DdcLossOptions {
  /** Kernel bandwidth as a fraction of the batch's median pairwise distance. Default 0.15 (the paper's §4.5). */
  readonly relativeSigma?: number;
  /** A fixed bandwidth σ instead of the per-batch median rule (for tests and analysis). */
  readonly sigma?: number;
  /** Term scaling. Default `pairs`. */
  readonly scaling?: DdcLossScaling;
  /** Floor of the kernel sums before dividing (numerical safety). Default 1e-9. */
  readonly epsilon?: number;
}

/** The DDC loss of one batch and its three terms (scalars; the caller disposes them). */
export interface DdcLossTerms {
  /** L = l1 + l2 + l3 (eq. 4). */
  readonly loss: tf.Scalar;
  /** l1 = d_hid,α: Cauchy–Schwarz term of the soft assignments on the hidden kernel. */
  readonly l1: tf.Scalar;
  /** l2 = triu(AAᵀ): orthogonality of the assignment vectors. */
  readonly l2: tf.Scalar;
  /** l3 = d_hid,m: Cauchy–Schwarz term of the simplex-corner memberships m_qi = exp(−‖α_q − e_i‖²). */
  readonly l3: tf.Scalar;
  /** The bandwidth σ used for the kernel (a plain number, held constant in the gradient). */
  readonly sigma: number;
}

/** Squared Euclidean distances between the rows of `h` (n × d → n × n, clamped at 0). */
export function pairwiseSquaredDistances(h: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const sq = tf.sum(tf.square(h), 1, true);
    const gram = tf.matMul(h, h, false, true);
    return tf.relu(tf.sub(tf.add(sq, tf.transpose(sq)), tf.mul(2, gram))) as tf.Tensor2D;
  });
}

/** Median of the strictly-upper-triangle entries of a square matrix held on the host (n ≥ 2). */
export function medianOffDiagonal(values: Float32Array, n: number): number {
  const m = (n * (n - 1)) / 2;
  const upper = new Float64Array(m);
  let t = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) upper[t++] = values[i * n + j];
  upper.sort();
  return m % 2 === 1 ? upper[(m - 1) / 2] : 0.5 * (upper[m / 2 - 1] + upper[m / 2]);
}

/**
 * The DDC loss (Kampffmeyer et al., §3.2, eq. 4) for a batch: `hidden` is the n × d representation of the last
 * hidden layer, `assignments` the n × k softmax output. Gaussian kernel K_ij = exp(−‖h_i − h_j‖² / 2σ²) with
 * σ = `relativeSigma` × the median pairwise distance of this batch (recomputed every call, treated as a constant
 * in the gradient). Needs n ≥ 2 and k ≥ 2.
 */
export function ddcLoss(
  hidden: tf.Tensor2D,
  assignments: tf.Tensor2D,
  options: DdcLossOptions = {},
): DdcLossTerms {
  const [n, k] = assignments.shape;
  if (n < 2 || k < 2 || hidden.shape[0] !== n) {
    throw new RangeError(
      `ddcLoss: needs ≥ 2 rows and ≥ 2 clusters with one hidden row per assignment row; got hidden ${hidden.shape.join('×')}, assignments ${assignments.shape.join('×')}.`,
    );
  }
  const eps = options.epsilon ?? 1e-9;
  const scaling = options.scaling ?? 'pairs';
  const d2 = pairwiseSquaredDistances(hidden);
  let sigma = options.sigma;
  if (sigma === undefined) {
    const d = tf.tidy(() => tf.sqrt(d2));
    const median = medianOffDiagonal(d.dataSync() as Float32Array, n);
    d.dispose();
    sigma = (options.relativeSigma ?? 0.15) * median;
  }
  // A batch whose hidden rows all coincide has median 0: fall back to a tiny σ instead of dividing by zero.
  const s = Math.max(sigma, 1e-12);
  const terms = tf.tidy(() => {
    const kernel = tf.exp(tf.div(d2, -2 * s * s)) as tf.Tensor2D;
    const l1 = cauchySchwarzTerm(assignments, kernel, eps, scaling);
    const sumOfRows = tf.sum(assignments, 0);
    const sumOfSquares = tf.sum(tf.square(assignments));
    // Σ_{q<l} α_q·α_l = (‖Σ_q α_q‖² − Σ_q ‖α_q‖²) / 2: the strict upper triangle of AAᵀ without forming it.
    const triu = tf.div(tf.sub(tf.sum(tf.square(sumOfRows)), sumOfSquares), 2);
    const l2 = (scaling === 'pairs' ? tf.div(triu, (n * (n - 1)) / 2) : triu) as tf.Scalar;
    // ‖α_q − e_i‖² = ‖α_q‖² − 2α_qi + 1.
    const norms = tf.sum(tf.square(assignments), 1, true);
    const memberships = tf.exp(tf.neg(tf.add(tf.sub(norms, tf.mul(2, assignments)), 1))) as tf.Tensor2D;
    const l3 = cauchySchwarzTerm(memberships, kernel, eps, scaling);
    return { l1, l2, l3, loss: tf.addN([l1, l2, l3]) as tf.Scalar };
  });
  d2.dispose();
  return { ...terms, sigma: s };
}

/** d_hid of eq. (3) for the columns of `a` on kernel `kernel`. */
function cauchySchwarzTerm(
  a: tf.Tensor2D,
  kernel: tf.Tensor2D,
  eps: number,
  scaling: DdcLossScaling,
): tf.Scalar {
  const k = a.shape[1];
  const nom = tf.matMul(tf.matMul(a, kernel, true, false), a); // k × k: α_iᵀ K α_j
  const diag = tf.maximum(tf.sum(tf.mul(nom, tf.eye(k)), 1), eps);
  const denom = tf.sqrt(tf.mul(tf.reshape(diag, [k, 1]), tf.reshape(diag, [1, k])));
  const ratio = tf.div(tf.maximum(nom, eps), denom);
  const upper = tf.tensor2d(upperMask(k), [k, k]);
  const sum = tf.sum(tf.mul(ratio, upper));
  return (scaling === 'pairs' ? tf.div(sum, (k * (k - 1)) / 2) : tf.div(sum, k)) as tf.Scalar;
}

function upperMask(k: number): Float32Array {
  const mask = new Float32Array(k * k);
  for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) mask[i * k + j] = 1;
  return mask;
}
