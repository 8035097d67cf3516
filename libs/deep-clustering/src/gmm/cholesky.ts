/**
 * In-place lower Cholesky factor of the symmetric positive-definite `d × d` matrix `a` (row-major; the upper
 * triangle is zeroed). Returns false when a pivot is not positive (the matrix is not positive definite).
 */
export function choleskyInPlace(a: Float64Array, d: number, offset = 0): boolean {
  for (let j = 0; j < d; j++) {
    let diag = a[offset + j * d + j];
    for (let p = 0; p < j; p++) diag -= a[offset + j * d + p] ** 2;
    if (!(diag > 0)) return false;
    const ljj = Math.sqrt(diag);
    a[offset + j * d + j] = ljj;
    for (let i = j + 1; i < d; i++) {
      let s = a[offset + i * d + j];
      for (let p = 0; p < j; p++) s -= a[offset + i * d + p] * a[offset + j * d + p];
      a[offset + i * d + j] = s / ljj;
    }
    for (let i = 0; i < j; i++) a[offset + i * d + j] = 0;
  }
  return true;
}
