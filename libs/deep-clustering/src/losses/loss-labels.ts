import * as tf from '@tensorflow/tfjs';
import { MetricLearningError } from './metric-learning-error.js';

/** Integer class labels of a batch, one per embedding row: an int32 typed array or a rank-1 tensor. */
export type LossLabels = tf.Tensor1D | Int32Array;

/** Labels of a batch re-coded 0..count-1 (order of first appearance), with each code's size. */
export interface BatchLabels {
  readonly codes: Int32Array;
  readonly raw: Int32Array;
  readonly count: number;
  readonly sizes: Int32Array;
}

/** Checks the embeddings' shape and the labels' length and values; reads tensor labels back to the host. */
export function batchLabels(loss: string, embeddings: tf.Tensor2D, labels: LossLabels): BatchLabels {
  if (embeddings.rank !== 2) {
    throw new MetricLearningError(
      'INVALID_INPUT',
      `${loss}: embeddings must be a rank-2 tensor [points, dim], got shape [${embeddings.shape.join(', ')}]`,
    );
  }
  const n = embeddings.shape[0];
  if (n === 0 || embeddings.shape[1] === 0) {
    throw new MetricLearningError(
      'INVALID_INPUT',
      `${loss}: the batch is empty (shape [${embeddings.shape.join(', ')}])`,
    );
  }
  // Labels are constants of the loss (never differentiated), so reading them to the host costs nothing in the graph.
  const values = labels instanceof Int32Array ? labels : labels.dataSync();
  if (values.length !== n) {
    throw new MetricLearningError(
      'INVALID_INPUT',
      `${loss}: ${values.length} labels for ${n} embeddings; one label per row is required`,
    );
  }
  const raw = new Int32Array(n);
  const codes = new Int32Array(n);
  const seen = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!Number.isInteger(v)) {
      throw new MetricLearningError('INVALID_INPUT', `${loss}: label ${i} is ${v}; labels must be integers`);
    }
    raw[i] = v;
    let c = seen.get(v);
    if (c === undefined) {
      c = seen.size;
      seen.set(v, c);
    }
    codes[i] = c;
  }
  const sizes = new Int32Array(seen.size);
  for (let i = 0; i < n; i++) sizes[codes[i]]++;
  return { codes, raw, count: seen.size, sizes };
}

/** One-hot [n, count] float32 mask of the codes (a mask, not tf.gather: gather has no gradient on wasm). */
export function oneHotMask(codes: Int32Array, count: number): tf.Tensor2D {
  const n = codes.length;
  const m = new Float32Array(n * count);
  for (let i = 0; i < n; i++) m[i * count + codes[i]] = 1;
  return tf.tensor2d(m, [n, count]);
}

/** [n, n] masks of same-label pairs and different-label pairs, the diagonal excluded from both. */
export function pairMasks(codes: Int32Array): { same: tf.Tensor2D; different: tf.Tensor2D } {
  const n = codes.length;
  const same = new Float32Array(n * n);
  const different = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      if (codes[i] === codes[j]) same[i * n + j] = 1;
      else different[i * n + j] = 1;
    }
  }
  return { same: tf.tensor2d(same, [n, n]), different: tf.tensor2d(different, [n, n]) };
}

/** Checks that class labels index rows of a class-parameter matrix with `classes` rows. */
export function checkClassRange(loss: string, raw: Int32Array, classes: number): void {
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] < 0 || raw[i] >= classes) {
      throw new MetricLearningError(
        'INVALID_INPUT',
        `${loss}: label ${i} is ${raw[i]}; with ${classes} class vectors labels must be in 0..${classes - 1}`,
      );
    }
  }
}

/** A zero that stays connected to `x`, so tf.grad of a loss with nothing to learn returns zeros, not an error. */
export function connectedZero(x: tf.Tensor): tf.Scalar {
  return tf.mul(tf.sum(x), 0);
}

/** Throws unless `value` is a finite number inside [min, max] (or > min when `exclusiveMin`). */
export function checkOption(
  loss: string,
  name: string,
  value: number,
  min: number,
  max = Infinity,
  exclusiveMin = false,
): void {
  const ok = Number.isFinite(value) && (exclusiveMin ? value > min : value >= min) && value <= max;
  if (!ok) {
    const range = `${exclusiveMin ? '>' : '>='} ${min}${max === Infinity ? '' : ` and <= ${max}`}`;
    throw new MetricLearningError(
      'INVALID_OPTION',
      `${loss}: ${name} must be a finite number ${range}, got ${value}`,
    );
  }
}
