import * as tf from '@tensorflow/tfjs';
import { batchLabels, checkClassRange, oneHotMask, type LossLabels } from './loss-labels.js';
import { MetricLearningError } from './metric-learning-error.js';

/** The linear classifier on top of the embedding that {@link softmaxCrossEntropyLoss} trains with it. */
export interface LinearClassifier {
  /** [dim, classes]. */
  readonly weights: tf.Tensor2D;
  /** [classes]; omit for no bias. */
  readonly bias?: tf.Tensor1D;
}

/**
 * Softmax cross-entropy, the baseline of the platform.ai note and of COREL: logits = h W + b of a linear
 * classifier on the embedding, loss = −log softmax(logits)_y, the mean over the batch. Labels are 0..classes-1.
 */
export function softmaxCrossEntropyLoss(
  embeddings: tf.Tensor2D,
  labels: LossLabels,
  classifier: LinearClassifier,
): tf.Scalar {
  const { raw } = batchLabels('softmaxCrossEntropyLoss', embeddings, labels);
  const { weights, bias } = classifier;
  const dim = embeddings.shape[1];
  if (weights.rank !== 2 || weights.shape[0] !== dim || weights.shape[1] < 1) {
    throw new MetricLearningError(
      'INVALID_INPUT',
      `softmaxCrossEntropyLoss: weights must be [${dim}, classes >= 1], got [${weights.shape.join(', ')}]`,
    );
  }
  const classes = weights.shape[1];
  if (bias !== undefined && (bias.rank !== 1 || bias.shape[0] !== classes)) {
    throw new MetricLearningError(
      'INVALID_INPUT',
      `softmaxCrossEntropyLoss: bias must be [${classes}] (one per class), got [${bias.shape.join(', ')}]`,
    );
  }
  checkClassRange('softmaxCrossEntropyLoss', raw, classes);
  return tf.tidy(() => {
    const product = tf.matMul(embeddings, weights);
    const logits = bias === undefined ? product : tf.add(product, bias);
    const own = oneHotMask(raw, classes);
    return tf.neg(tf.mean(tf.sum(tf.mul(tf.logSoftmax(logits), own), 1))) as tf.Scalar;
  });
}
