import * as tf from '@tensorflow/tfjs';
import { batchLabels, checkOption, connectedZero, pairMasks, type LossLabels } from './loss-labels.js';
import { pairwiseDistances } from './pairwise-distances.js';

/** Options of {@link batchHardTripletLoss}. */
export interface BatchHardTripletLossOptions {
  /** m in [m + d(a, p) − d(a, n)]₊. Default 0.2 (FaceNet's value, on L2-normalised embeddings). */
  readonly margin?: number;
  /**
   * Use the soft margin ln(1 + exp(d(a, p) − d(a, n))) instead of the hinge (Hermans et al. 2017, §2, their
   * recommended variant; `margin` is then ignored). Default false.
   */
  readonly softMargin?: boolean;
  /** Added under the square root so coincident points keep a finite gradient. Default 1e-12. */
  readonly epsilon?: number;
}

/**
 * Batch-hard triplet loss (Hermans, Beyer & Leibe 2017, "In Defense of the Triplet Loss", eq. 5): every point of
 * the batch is an anchor, paired with its farthest same-class point and its nearest other-class point, on
 * Euclidean (not squared) distances; the mean over anchors. Anchors with no positive (alone in their class) or no
 * negative (one-class batch) are left out of the mean; with no valid anchor the loss is 0 with a zero gradient.
 */
export function batchHardTripletLoss(
  embeddings: tf.Tensor2D,
  labels: LossLabels,
  options: BatchHardTripletLossOptions = {},
): tf.Scalar {
  const margin = options.margin ?? 0.2;
  const epsilon = options.epsilon ?? 1e-12;
  const soft = options.softMargin ?? false;
  checkOption('batchHardTripletLoss', 'margin', margin, 0);
  checkOption('batchHardTripletLoss', 'epsilon', epsilon, 0, Infinity, true);
  const { codes, count, sizes } = batchLabels('batchHardTripletLoss', embeddings, labels);
  const n = codes.length;
  const valid = new Float32Array(n);
  let validCount = 0;
  for (let i = 0; i < n; i++) {
    if (sizes[codes[i]] >= 2 && count >= 2) {
      valid[i] = 1;
      validCount++;
    }
  }
  return tf.tidy(() => {
    if (validCount === 0) return connectedZero(embeddings);
    const { same, different } = pairMasks(codes);
    const d = pairwiseDistances(embeddings, epsilon);
    // Distances are ≥ 0, so masking non-positives to 0 leaves the max to the farthest positive.
    const hardestPositive = tf.max(tf.mul(d, same), 1);
    // Non-negatives are lifted above every distance so the min picks the nearest negative.
    const lift = tf.mul(tf.sub(1, different), tf.add(tf.max(d), 1));
    const hardestNegative = tf.min(tf.add(d, lift), 1);
    const gap = tf.sub(hardestPositive, hardestNegative);
    const perAnchor = soft ? tf.softplus(gap) : tf.relu(tf.add(gap, margin));
    return tf.div(tf.sum(tf.mul(perAnchor, tf.tensor1d(valid))), validCount) as tf.Scalar;
  });
}
