import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

/**
 * PCA-whitening to `dim` components followed by L2 normalisation of every row (DeepCluster's preprocessing
 * before k-means, Caron et al. 2018 §3.2). Rows are centred, projected on the top eigenvectors of their covariance
 * and divided by the square root of each eigenvalue (+ `epsilon`). Returns rows × dim, row-major.
 */
export function pcaWhiten(
  data: Float32Array,
  rows: number,
  cols: number,
  dim: number,
  epsilon = 1e-5,
): Float32Array {
  const d = Math.min(dim, cols);
  const mean = new Float64Array(cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) mean[j] += data[i * cols + j];
  for (let j = 0; j < cols; j++) mean[j] /= rows;
  const cov = new Float64Array(cols * cols);
  const centred = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) centred[j] = data[i * cols + j] - mean[j];
    for (let a = 0; a < cols; a++) {
      const ca = centred[a];
      if (ca === 0) continue;
      for (let b = a; b < cols; b++) cov[a * cols + b] += ca * centred[b];
    }
  }
  const m = new Matrix(cols, cols);
  for (let a = 0; a < cols; a++)
    for (let b = a; b < cols; b++) {
      const v = cov[a * cols + b] / Math.max(1, rows - 1);
      m.set(a, b, v);
      m.set(b, a, v);
    }
  const evd = new EigenvalueDecomposition(m, { assumeSymmetric: true });
  const values = evd.realEigenvalues;
  const vectors = evd.eigenvectorMatrix;
  const order = values
    .map((v, i) => ({ v, i }))
    .sort((x, y) => y.v - x.v)
    .slice(0, d);
  const basis = new Float64Array(d * cols); // component c: eigenvector / sqrt(eigenvalue)
  order.forEach(({ v, i }, c) => {
    // Fix each eigenvector's sign (largest entry positive) so the output does not depend on the solver's choice.
    let big = 0;
    for (let j = 0; j < cols; j++) if (Math.abs(vectors.get(j, i)) > Math.abs(big)) big = vectors.get(j, i);
    const scale = (big < 0 ? -1 : 1) / Math.sqrt(Math.max(v, 0) + epsilon);
    for (let j = 0; j < cols; j++) basis[c * cols + j] = vectors.get(j, i) * scale;
  });
  const out = new Float32Array(rows * d);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) centred[j] = data[i * cols + j] - mean[j];
    let norm = 0;
    for (let c = 0; c < d; c++) {
      let s = 0;
      for (let j = 0; j < cols; j++) s += centred[j] * basis[c * cols + j];
      out[i * d + c] = s;
      norm += s * s;
    }
    const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let c = 0; c < d; c++) out[i * d + c] *= inv;
  }
  return out;
}
