import { munkres } from 'munkres';
import { DeepClusteringError } from '../data/deep-clustering-error.js';

/**
 * Relabels `other`'s clusters to agree as much as possible with `reference` (both 0..k−1, same length): the
 * one-to-one mapping that maximises the number of points with equal labels, by the Hungarian method on the
 * k × k co-occurrence table. Unsupervised: it compares two clusterings, never ground truth.
 */
export function alignClusters(reference: Int32Array, other: Int32Array, k: number): Int32Array {
  if (reference.length !== other.length) {
    throw new DeepClusteringError(
      'DIMENSION_MISMATCH',
      `alignClusters: the reference has ${reference.length} labels but the other clustering has ${other.length}.`,
    );
  }
  const counts = new Float64Array(k * k);
  for (let i = 0; i < reference.length; i++) {
    const r = reference[i];
    const o = other[i];
    if (r < 0 || r >= k || o < 0 || o >= k) {
      throw new DeepClusteringError(
        'BAD_K',
        `alignClusters: label ${r < 0 || r >= k ? r : o} at row ${i} is outside 0..${k - 1}.`,
      );
    }
    counts[o * k + r]++;
  }
  let max = 0;
  for (const c of counts) if (c > max) max = c;
  const cost: number[][] = [];
  for (let o = 0; o < k; o++) {
    const row = new Array<number>(k);
    for (let r = 0; r < k; r++) row[r] = max - counts[o * k + r];
    cost.push(row);
  }
  const mapping = new Int32Array(k);
  for (const [o, r] of munkres(cost)) mapping[o] = r;
  return Int32Array.from(other, (o) => mapping[o]);
}
