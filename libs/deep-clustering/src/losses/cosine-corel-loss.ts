import * as tf from '@tensorflow/tfjs';
import { batchLabels, checkClassRange, checkOption, oneHotMask, type LossLabels } from './loss-labels.js';
import { l2Normalize } from './pairwise-distances.js';
import { checkClassVectors } from './class-vectors.js';

/** Options of {@link cosineCorelLoss}. */
export interface CosineCorelLossOptions {
  /** λ: weight of the attractive term, 1 − λ of the repulsive one, in [0, 1]. Default 0.5. */
  readonly lambda?: number;
}

/**
 * Cosine-COREL (Kenyon-Dean et al. 2018, "Clustering-Oriented Representation Learning with Attractive-Repulsive
 * Loss", arXiv:1812.07627, §3 COREL, the cosine variant): with one learned class vector w_j per class,
 * L(h, y) = −λ cos(h, w_y) + (1 − λ) · max(0, max_{j ≠ y} cos(h, w_j))², the mean over the batch. The attraction
 * pulls an embedding towards its class direction; the repulsion pushes it from the nearest other class only
 * (as the silhouette's b(i)), and stops once that class is at 90° or more (the clamp at 0 follows the authors'
 * reference implementation). `classVectors` [classes, dim] is trained with the embedding; labels are
 * 0..classes-1.
 */
export function cosineCorelLoss(
  embeddings: tf.Tensor2D,
  labels: LossLabels,
  classVectors: tf.Tensor2D,
  options: CosineCorelLossOptions = {},
): tf.Scalar {
  const lambda = options.lambda ?? 0.5;
  checkOption('cosineCorelLoss', 'lambda', lambda, 0, 1);
  const { raw } = batchLabels('cosineCorelLoss', embeddings, labels);
  const classes = checkClassVectors('cosineCorelLoss', embeddings, classVectors);
  checkClassRange('cosineCorelLoss', raw, classes);
  return tf.tidy(() => {
    const own = oneHotMask(raw, classes);
    const cos = tf.matMul(l2Normalize(embeddings), l2Normalize(classVectors), false, true); // [n, classes]
    const attraction = tf.sum(tf.mul(cos, own), 1);
    // Zeroing the own class makes the max over the rest at least 0: the clamp max(0, ·).
    const repulsion = tf.square(tf.max(tf.mul(cos, tf.sub(1, own)), 1));
    const perPoint = tf.add(tf.mul(attraction, -lambda), tf.mul(repulsion, 1 - lambda));
    return tf.mean(perPoint) as tf.Scalar;
  });
}
