import { munkres } from 'munkres';
import { contingency, type LabelArray } from './labels.js';

/**
 * Unsupervised clustering accuracy (ACC): the fraction of points whose cluster maps to their class under the
 * best one-to-one cluster→class mapping (Hungarian assignment on the contingency table). With more clusters
 * than classes the extra clusters map to nothing and count as errors.
 */
export function clusteringAccuracy(truth: LabelArray, predicted: LabelArray): number {
  const { counts, classes, clusters, n } = contingency('clusteringAccuracy', truth, predicted);
  let max = 0;
  for (const c of counts) if (c > max) max = c;
  // Hungarian minimises cost: cost = max − matches (rows = clusters, columns = classes; rectangular is fine).
  const cost: number[][] = [];
  for (let p = 0; p < clusters; p++) {
    const row: number[] = new Array<number>(classes);
    for (let t = 0; t < classes; t++) row[t] = max - counts[t * clusters + p];
    cost.push(row);
  }
  let matched = 0;
  for (const [p, t] of munkres(cost)) matched += counts[t * clusters + p];
  return matched / n;
}
