import * as tf from '@tensorflow/tfjs';

/** Deterministic values in [-1, 1) (mulberry32), so every run checks the same batch. */
export function noise(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}

/** A loss of one or more [rows, cols] inputs. */
export type LossOf = (inputs: tf.Tensor2D[]) => tf.Scalar;

/** What a gradient check measured: ‖g − g_fd‖ / ‖g_fd‖ over all inputs, and the largest entry difference. */
export interface GradientCheck {
  relativeError: number;
  maxAbsError: number;
  gradientNorm: number;
}

/**
 * tf.grads of `loss` at `values` against central differences (f(x + h) − f(x − h)) / 2h of the same function,
 * every entry of every input perturbed in turn; float32 throughout, so h = 1e-3 balances truncation
 * (∝ h²) against rounding (∝ ε/h).
 */
export function checkGradient(
  loss: LossOf,
  values: { data: Float32Array; shape: [number, number] }[],
  h = 1e-3,
): GradientCheck {
  const analytic = tf.tidy(() => {
    const inputs = values.map((v) => tf.tensor2d(v.data, v.shape));
    const g = tf.grads((...xs: tf.Tensor[]) => loss(xs as tf.Tensor2D[]))(inputs);
    return g.map((t) => t.dataSync().slice() as Float32Array);
  });
  const evaluate = (): number =>
    tf.tidy(() => loss(values.map((v) => tf.tensor2d(v.data, v.shape))).dataSync()[0]);
  let diff2 = 0;
  let ref2 = 0;
  let maxAbs = 0;
  values.forEach((v, k) => {
    for (let i = 0; i < v.data.length; i++) {
      const x = v.data[i];
      v.data[i] = x + h;
      const up = evaluate();
      v.data[i] = x - h;
      const down = evaluate();
      v.data[i] = x;
      const fd = (up - down) / (2 * h);
      const d = analytic[k][i] - fd;
      diff2 += d * d;
      ref2 += fd * fd;
      maxAbs = Math.max(maxAbs, Math.abs(d));
    }
  });
  return { relativeError: Math.sqrt(diff2 / ref2), maxAbsError: maxAbs, gradientNorm: Math.sqrt(ref2) };
}
