/**
 * Indices of the `k` largest values, largest first; ties keep the lower index first. `k` is clamped to
 * [0, values.length]. Partial insertion in O(n·k): meant for a top-5 over a 1000-class softmax, not a full sort.
 */
export function topIndices(values: ArrayLike<number>, k: number): number[] {
  const keep = Math.max(0, Math.min(Math.floor(k), values.length));
  if (keep === 0) return [];
  const best: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if (best.length === keep && values[i] <= values[best[keep - 1]]) continue;
    let j = best.length === keep ? keep - 1 : best.length;
    while (j > 0 && values[best[j - 1]] < values[i]) {
      best[j] = best[j - 1];
      j--;
    }
    best[j] = i;
  }
  return best;
}
