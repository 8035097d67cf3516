import * as tf from '@tensorflow/tfjs';
import { batchLabels, checkOption, connectedZero, pairMasks, type LossLabels } from './loss-labels.js';
import { pairwiseDistances } from './pairwise-distances.js';

/** Options of {@link contrastiveLoss}. */
export interface ContrastiveLossOptions {
  /**
   * m: pairs of different classes farther apart than this cost nothing. Default 1 (on L2-normalised embeddings,
   * whose distances lie in [0, 2]).
   */
  readonly margin?: number;
  /** Added under the square root so coincident points keep a finite gradient. Default 1e-12. */
  readonly epsilon?: number;
}

/**
 * Contrastive loss (Hadsell, Chopra & LeCun 2006, eq. 4) over every pair of the batch: ½ D² for a pair of the
 * same class, ½ max(0, m − D)² for a pair of different classes, D the Euclidean distance; the mean over all
 * n(n − 1)/2 pairs. A batch of one point has no pair: the loss is 0 with a zero gradient.
 */
export function contrastiveLoss(
  embeddings: tf.Tensor2D,
  labels: LossLabels,
  options: ContrastiveLossOptions = {},
): tf.Scalar {
  const margin = options.margin ?? 1;
  const epsilon = options.epsilon ?? 1e-12;
  checkOption('contrastiveLoss', 'margin', margin, 0, Infinity, true);
  checkOption('contrastiveLoss', 'epsilon', epsilon, 0, Infinity, true);
  const { codes } = batchLabels('contrastiveLoss', embeddings, labels);
  const n = codes.length;
  return tf.tidy(() => {
    if (n < 2) return connectedZero(embeddings);
    const { same, different } = pairMasks(codes);
    const d = pairwiseDistances(embeddings, epsilon);
    const pull = tf.mul(same, tf.square(d));
    const push = tf.mul(different, tf.square(tf.relu(tf.sub(margin, d))));
    // Both triangles hold every pair once: the ordered sum over n(n − 1) is the mean over unordered pairs.
    return tf.div(tf.mul(tf.sum(tf.add(pull, push)), 0.5), n * (n - 1)) as tf.Scalar;
  });
}
