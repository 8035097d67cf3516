/** Options for `pca2d`. */
export interface Pca2dOptions {
  /** Power-iteration steps per component. Default 300. */
  iterations?: number;
  /** Stop a component early once its direction moves less than this (1 − |cos|). Default 1e-12. */
  tolerance?: number;
}

export interface Pca2dResult {
  /** Row-major `rows` × 2 coordinates on the first two principal components. */
  points: Float64Array;
  /** Variance along each component (eigenvalues of the covariance). */
  variances: [number, number];
}

/**
 * First two principal components of `rows` × `cols` data by power iteration on XᵀX (never forming the cols×cols
 * covariance: each step is two passes over X). Deterministic: fixed start vector, and each component's sign is
 * chosen so its largest-magnitude entry is positive.
 */
export function pca2d(
  data: Float32Array,
  rows: number,
  cols: number,
  options: Pca2dOptions = {},
): Pca2dResult {
  const iterations = options.iterations ?? 300;
  const tolerance = options.tolerance ?? 1e-12;
  const mean = new Float64Array(cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) mean[c] += data[r * cols + c];
  for (let c = 0; c < cols; c++) mean[c] /= Math.max(rows, 1);
  const x = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) x[r * cols + c] = data[r * cols + c] - mean[c];

  const components: Float64Array[] = [];
  const variances: number[] = [];
  const projected = new Float64Array(rows);
  for (let k = 0; k < 2; k++) {
    // Start off-axis (1, 2, 3, …) so a start orthogonal to the top component is unlikely.
    let v = new Float64Array(cols).map((_, c) => 1 + c);
    orthonormalise(v, components);
    let lambda = 0;
    for (let it = 0; it < iterations; it++) {
      for (let r = 0; r < rows; r++) {
        let s = 0;
        for (let c = 0; c < cols; c++) s += x[r * cols + c] * v[c];
        projected[r] = s;
      }
      const next = new Float64Array(cols);
      for (let r = 0; r < rows; r++) {
        const p = projected[r];
        if (p !== 0) for (let c = 0; c < cols; c++) next[c] += x[r * cols + c] * p;
      }
      orthonormalise(next, components);
      lambda = 0;
      for (let r = 0; r < rows; r++) lambda += projected[r] * projected[r];
      let cos = 0;
      for (let c = 0; c < cols; c++) cos += next[c] * v[c];
      v = next;
      if (1 - Math.abs(cos) < tolerance) break;
    }
    let big = 0;
    for (let c = 1; c < cols; c++) if (Math.abs(v[c]) > Math.abs(v[big])) big = c;
    if (v[big] < 0) for (let c = 0; c < cols; c++) v[c] = -v[c];
    components.push(v);
    variances.push(rows > 1 ? lambda / (rows - 1) : 0);
  }

  const points = new Float64Array(rows * 2);
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < 2; k++) {
      let s = 0;
      for (let c = 0; c < cols; c++) s += x[r * cols + c] * components[k][c];
      points[r * 2 + k] = s;
    }
  }
  return { points, variances: [variances[0], variances[1]] };
}

/** Removes the span of `basis` from `v` and scales it to unit length (leaves a zero vector at zero). */
function orthonormalise(v: Float64Array, basis: readonly Float64Array[]): void {
  for (const b of basis) {
    let dot = 0;
    for (let c = 0; c < v.length; c++) dot += v[c] * b[c];
    for (let c = 0; c < v.length; c++) v[c] -= dot * b[c];
  }
  let norm = 0;
  for (let c = 0; c < v.length; c++) norm += v[c] * v[c];
  norm = Math.sqrt(norm);
  if (norm > 0) for (let c = 0; c < v.length; c++) v[c] /= norm;
}
