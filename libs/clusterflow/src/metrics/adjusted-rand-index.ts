import { contingency, type LabelArray } from './labels.js';

/**
 * Adjusted Rand index (Hubert & Arabie 1985), as scikit-learn's `adjusted_rand_score`: the Rand index over all
 * pairs of points, corrected for chance, so 1 for identical partitions (labels renamed or not), ≈ 0 for random
 * ones and negative for worse than chance. Computed from the contingency table in O(n + classes·clusters), not
 * per pair: with a = Σ rowSum², b = Σ colSum² and s = Σ count², the ordered pair counts are
 * together-in-both = s − n, only-in-truth = a − s, only-in-predicted = b − s. Partitions that agree on every
 * pair (both one cluster, or both all singletons) score 1.
 */
export function adjustedRandIndex(truth: LabelArray, predicted: LabelArray): number {
  const { counts, classes, clusters, n } = contingency('adjustedRandIndex', truth, predicted);
  let sumSquares = 0;
  let rowSquares = 0;
  let colSquares = 0;
  const colSum = new Float64Array(clusters);
  for (let t = 0; t < classes; t++) {
    let row = 0;
    for (let p = 0; p < clusters; p++) {
      const c = counts[t * clusters + p];
      sumSquares += c * c;
      row += c;
      colSum[p] += c;
    }
    rowSquares += row * row;
  }
  for (let p = 0; p < clusters; p++) colSquares += colSum[p] * colSum[p];
  // The pair confusion matrix (ordered pairs), the same quantities scikit-learn forms.
  const tp = sumSquares - n;
  const fn = rowSquares - sumSquares;
  const fp = colSquares - sumSquares;
  const tn = n * n - fp - fn - sumSquares;
  if (fn === 0 && fp === 0) return 1;
  return (2 * (tp * tn - fn * fp)) / ((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn));
}
