import * as tf from '@tensorflow/tfjs';

/**
 * Differentiable Euclidean distance matrix [n, n] of the rows of `x`, from ‖xi‖² + ‖xj‖² − 2 xi·xj (one matmul).
 * `epsilon` under the square root keeps the gradient finite for coincident points; the diagonal is set to 0.
 */
export function pairwiseDistances(x: tf.Tensor2D, epsilon: number): tf.Tensor2D {
  return tf.tidy(() => {
    const n = x.shape[0];
    const norms = tf.sum(tf.square(x), 1, true);
    const gram = tf.matMul(x, x, false, true);
    // Rounding can make a tiny squared distance negative: clamp before the square root.
    const squared = tf.relu(tf.sub(tf.add(norms, tf.transpose(norms)), tf.mul(gram, 2)));
    const offDiagonal = tf.sub(1, tf.eye(n));
    return tf.mul(tf.sqrt(tf.add(squared, epsilon)), offDiagonal) as tf.Tensor2D;
  });
}

/** Squared Euclidean distances [n, k] from the rows of `x` [n, d] to the rows of `c` [k, d]. */
export function squaredDistancesTo(x: tf.Tensor2D, c: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const xn = tf.sum(tf.square(x), 1, true);
    const cn = tf.reshape(tf.sum(tf.square(c), 1), [1, c.shape[0]]);
    return tf.relu(tf.sub(tf.add(xn, cn), tf.mul(tf.matMul(x, c, false, true), 2))) as tf.Tensor2D;
  });
}

/** Rows of `x` scaled to unit L2 norm (`epsilon` keeps a zero row finite). */
export function l2Normalize(x: tf.Tensor2D, epsilon = 1e-12): tf.Tensor2D {
  return tf.tidy(() => tf.div(x, tf.sqrt(tf.add(tf.sum(tf.square(x), 1, true), epsilon))) as tf.Tensor2D);
}
