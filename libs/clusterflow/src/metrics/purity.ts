import { contingency, type LabelArray } from './labels.js';

/** Purity: each cluster votes for its majority class; the fraction of points in their cluster's majority. */
export function purity(truth: LabelArray, predicted: LabelArray): number {
  const { counts, classes, clusters, n } = contingency('purity', truth, predicted);
  let total = 0;
  for (let p = 0; p < clusters; p++) {
    let best = 0;
    for (let t = 0; t < classes; t++) if (counts[t * clusters + p] > best) best = counts[t * clusters + p];
    total += best;
  }
  return total / n;
}
