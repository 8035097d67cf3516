import { contingency, type LabelArray } from './labels.js';

function entropy(marginal: Float64Array, n: number): number {
  let h = 0;
  for (const c of marginal) if (c > 0) h -= (c / n) * (Math.log(c) - Math.log(n));
  return h;
}

/**
 * Normalised mutual information with arithmetic-mean normalisation, NMI = I(T;P) / ((H(T) + H(P)) / 2), as
 * scikit-learn's default: 1 for identical partitions (labels renamed or not), 0 for independent ones. Both
 * labelings with a single cluster count as identical (1); MI = 0 gives 0.
 */
export function normalizedMutualInformation(truth: LabelArray, predicted: LabelArray): number {
  const { counts, classes, clusters, n } = contingency('normalizedMutualInformation', truth, predicted);
  if (classes === 1 && clusters === 1) return 1;
  const rowSum = new Float64Array(classes);
  const colSum = new Float64Array(clusters);
  for (let t = 0; t < classes; t++) {
    for (let p = 0; p < clusters; p++) {
      rowSum[t] += counts[t * clusters + p];
      colSum[p] += counts[t * clusters + p];
    }
  }
  let mi = 0;
  if (classes > 1 && clusters > 1) {
    const logN = Math.log(n);
    for (let t = 0; t < classes; t++) {
      for (let p = 0; p < clusters; p++) {
        const c = counts[t * clusters + p];
        if (c === 0) continue;
        // Same grouping of logs as scikit-learn, so the two agree to rounding.
        const term =
          (c / n) * (Math.log(c) - logN) + (c / n) * (-Math.log(rowSum[t] * colSum[p]) + logN + logN);
        if (Math.abs(term) >= Number.EPSILON) mi += term;
      }
    }
    if (mi < 0) mi = 0;
  }
  if (mi === 0) return 0;
  const norm = (entropy(rowSum, n) + entropy(colSum, n)) / 2;
  return mi / norm;
}
