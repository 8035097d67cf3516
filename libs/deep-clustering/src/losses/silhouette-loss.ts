import * as tf from '@tensorflow/tfjs';
import { batchLabels, checkOption, connectedZero, oneHotMask, type LossLabels } from './loss-labels.js';
import { pairwiseDistances } from './pairwise-distances.js';

/** Options of {@link silhouetteLoss}. */
export interface SilhouetteLossOptions {
  /**
   * Added to squared distances under the square root so coincident points keep a finite gradient. Default 1e-12
   * (shifts a distance of 1 by 5e-13).
   */
  readonly epsilon?: number;
}

/**
 * The silhouette loss of the platform.ai note ("Metric learning with the silhouette score", 2019): (1 − s̄) / 2,
 * where s̄ is the mean silhouette (Rousseeuw 1987) of the batch's points under their labels, with Euclidean
 * distances — 0 for tight, well-separated classes, 1 for the worst layout. For point i of class A,
 * a(i) = mean distance to the other points of A, b(i) = the smallest mean distance to the points of another class
 * present in the batch, s(i) = (b − a) / max(a, b). Differentiable almost everywhere (the min over classes and the
 * max pick one branch, as ReLU does).
 *
 * Edge cases, as scikit-learn's `silhouette_score` where it defines them: a point alone in its class in the batch
 * scores s = 0 (it still counts in the mean, so it gets no gradient and dilutes the others); a batch with a
 * single class has no b(i) at all, so the loss is the constant 0.5 with a zero gradient (scikit-learn raises
 * instead; a training loop should not stop on an unlucky batch). Labels are compared for equality only.
 */
export function silhouetteLoss(
  embeddings: tf.Tensor2D,
  labels: LossLabels,
  options: SilhouetteLossOptions = {},
): tf.Scalar {
  const epsilon = options.epsilon ?? 1e-12;
  checkOption('silhouetteLoss', 'epsilon', epsilon, 0, Infinity, true);
  const { codes, count, sizes } = batchLabels('silhouetteLoss', embeddings, labels);
  const n = codes.length;
  return tf.tidy(() => {
    if (count < 2) return tf.add(connectedZero(embeddings), 0.5) as tf.Scalar;
    const own = oneHotMask(codes, count);
    // Per point: own-class size − 1 (the a(i) divisor, floored at 1 so singletons stay finite) and 1 if scored.
    const ownOthers = new Float32Array(n);
    const scored = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      ownOthers[i] = Math.max(1, sizes[codes[i]] - 1);
      scored[i] = sizes[codes[i]] >= 2 ? 1 : 0;
    }
    const distances = pairwiseDistances(embeddings, epsilon);
    const sums = tf.matMul(distances, own); // [n, count]: summed distance from i to each class
    const a = tf.div(tf.sum(tf.mul(sums, own), 1), tf.tensor1d(ownOthers));
    const meanTo = tf.div(sums, tf.tensor2d(Float32Array.from(sizes), [1, count]));
    // The own class must not win the min: lift it above every real mean distance.
    const lift = tf.mul(own, tf.add(tf.max(meanTo), 1));
    const b = tf.min(tf.add(meanTo, lift), 1);
    const s = tf.div(tf.sub(b, a), tf.add(tf.maximum(a, b), 1e-30));
    const mean = tf.div(tf.sum(tf.mul(s, tf.tensor1d(scored))), n);
    return tf.div(tf.sub(1, mean), 2) as tf.Scalar;
  });
}
