import type * as tf from '@tensorflow/tfjs';
import { MetricLearningError } from './metric-learning-error.js';

/** Checks a [classes, dim] parameter matrix against [n, dim] embeddings; returns the class count. */
export function checkClassVectors(loss: string, embeddings: tf.Tensor2D, classVectors: tf.Tensor2D): number {
  if (classVectors.rank !== 2 || classVectors.shape[1] !== embeddings.shape[1] || classVectors.shape[0] < 1) {
    throw new MetricLearningError(
      'INVALID_INPUT',
      `${loss}: class vectors must be [classes >= 1, ${embeddings.shape[1]}] (one row per class, the embedding's ` +
        `dim), got [${classVectors.shape.join(', ')}]`,
    );
  }
  return classVectors.shape[0];
}
