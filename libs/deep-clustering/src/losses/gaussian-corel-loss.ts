import * as tf from '@tensorflow/tfjs';
import { batchLabels, checkClassRange, checkOption, oneHotMask, type LossLabels } from './loss-labels.js';
import { squaredDistancesTo } from './pairwise-distances.js';
import { checkClassVectors } from './class-vectors.js';

/** Options of {@link gaussianCorelLoss}. */
export interface GaussianCorelLossOptions {
  /** λ: weight of the attractive term, 1 − λ of the repulsive one, in [0, 1]. Default 0.5. */
  readonly lambda?: number;
  /** γ > 0, the Gaussian's precision: similarity exp(−γ ‖h − w‖²). Default 0.5 (the authors' initial value). */
  readonly gamma?: number;
}

/**
 * Gaussian-COREL (Kenyon-Dean et al. 2018, arXiv:1812.07627, §3 COREL, the Gaussian variant): with one learned
 * class centre w_j per class and F_j = −γ ‖h − w_j‖², L(h, y) = −λ F_y + (1 − λ) log Σ_j exp(F_j), the mean over
 * the batch — attraction to the own centre in Euclidean space, repulsion from all centres through a log-sum-exp.
 * At λ = ½ it is half the softmax cross-entropy of the logits F. `classVectors` [classes, dim] is trained with
 * the embedding; labels are 0..classes-1.
 */
export function gaussianCorelLoss(
  embeddings: tf.Tensor2D,
  labels: LossLabels,
  classVectors: tf.Tensor2D,
  options: GaussianCorelLossOptions = {},
): tf.Scalar {
  const lambda = options.lambda ?? 0.5;
  const gamma = options.gamma ?? 0.5;
  checkOption('gaussianCorelLoss', 'lambda', lambda, 0, 1);
  checkOption('gaussianCorelLoss', 'gamma', gamma, 0, Infinity, true);
  const { raw } = batchLabels('gaussianCorelLoss', embeddings, labels);
  const classes = checkClassVectors('gaussianCorelLoss', embeddings, classVectors);
  checkClassRange('gaussianCorelLoss', raw, classes);
  return tf.tidy(() => {
    const own = oneHotMask(raw, classes);
    const f = tf.mul(squaredDistancesTo(embeddings, classVectors), -gamma); // [n, classes]
    const attraction = tf.sum(tf.mul(f, own), 1);
    const repulsion = tf.logSumExp(f, 1);
    const perPoint = tf.add(tf.mul(attraction, -lambda), tf.mul(repulsion, 1 - lambda));
    return tf.mean(perPoint) as tf.Scalar;
  });
}
