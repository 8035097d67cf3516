/** Distances between rows of activation matrices, used by the geometric relation strategy. */
export type VectorMetric = 'cosine' | 'l2';

/** Distance between row i of `a` and row j of `b` (both row-major with `cols` columns). */
export function rowDistance(
  a: ArrayLike<number>,
  i: number,
  b: ArrayLike<number>,
  j: number,
  cols: number,
  metric: VectorMetric,
): number {
  const oa = i * cols;
  const ob = j * cols;
  if (metric === 'l2') {
    let s = 0;
    for (let d = 0; d < cols; d++) {
      const diff = a[oa + d] - b[ob + d];
      s += diff * diff;
    }
    return Math.sqrt(s);
  }
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let d = 0; d < cols; d++) {
    const x = a[oa + d];
    const y = b[ob + d];
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  if (na === 0 || nb === 0) return 1;
  return 1 - dot / Math.sqrt(na * nb);
}
