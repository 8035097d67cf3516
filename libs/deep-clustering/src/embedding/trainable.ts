import * as tf from '@tensorflow/tfjs';

/**
 * A trainable variable holding a copy of `values`. The initial tensor is freed at once: tf.variable keeps its
 * argument alive otherwise, which would leave one tensor behind per parameter.
 */
export function trainable<R extends tf.Rank>(
  values: Float32Array,
  shape: number[],
  name?: string,
): tf.Variable<R> {
  const initial = tf.tensor(values, shape);
  const v = tf.variable(initial, true, name) as tf.Variable<R>;
  initial.dispose();
  return v;
}
