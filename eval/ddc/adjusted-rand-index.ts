/**
 * Adjusted Rand index (Hubert & Arabie 1985) from the contingency table, as scikit-learn's
 * adjusted_rand_score. Local to the evaluation until the library's metric lands.
 */
export function adjustedRandIndex(truth: Int32Array, predicted: Int32Array): number {
  const n = truth.length;
  const rows = new Map<number, number>();
  const cols = new Map<number, number>();
  const cells = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    rows.set(truth[i], (rows.get(truth[i]) ?? 0) + 1);
    cols.set(predicted[i], (cols.get(predicted[i]) ?? 0) + 1);
    const key = `${truth[i]},${predicted[i]}`;
    cells.set(key, (cells.get(key) ?? 0) + 1);
  }
  const c2 = (x: number): number => (x * (x - 1)) / 2;
  let index = 0;
  for (const v of cells.values()) index += c2(v);
  let a = 0;
  for (const v of rows.values()) a += c2(v);
  let b = 0;
  for (const v of cols.values()) b += c2(v);
  const expected = (a * b) / c2(n);
  const max = (a + b) / 2;
  return max === expected ? 1 : (index - expected) / (max - expected);
}
