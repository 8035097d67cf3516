import * as tf from '@tensorflow/tfjs';

/** Adam hyper-parameters (Kingma & Ba 2014; defaults as theirs and Lasagne's). */
export interface AdamOptions {
  /** Step size. */
  readonly learningRate: number;
  /** Decay of the first-moment average. Default 0.9. */
  readonly beta1?: number;
  /** Decay of the second-moment average. Default 0.999. */
  readonly beta2?: number;
  /** Added to the root of the second moment. Default 1e-8. */
  readonly epsilon?: number;
}

/**
 * Adam over a fixed list of variables whose whole state (step count and both moments) can be read and restored,
 * so a checkpoint resumes training bit for bit.
 */
export class Adam {
  /** Steps taken so far. */
  step = 0;
  /** First moments, one per variable. */
  readonly m: tf.Variable[];
  /** Second moments, one per variable. */
  readonly v: tf.Variable[];
  private readonly lr: number;
  private readonly b1: number;
  private readonly b2: number;
  private readonly eps: number;

  /**
   * @param variables - the parameters to update, in a fixed order.
   * @param options - hyper-parameters.
   */
  constructor(
    private readonly variables: tf.Variable[],
    options: AdamOptions,
  ) {
    this.lr = options.learningRate;
    this.b1 = options.beta1 ?? 0.9;
    this.b2 = options.beta2 ?? 0.999;
    this.eps = options.epsilon ?? 1e-8;
    this.m = variables.map((x) => tf.tidy(() => tf.variable(tf.zerosLike(x), false)));
    this.v = variables.map((x) => tf.tidy(() => tf.variable(tf.zerosLike(x), false)));
  }

  /** Applies one update with `grads[i]` the gradient of `variables[i]`. */
  apply(grads: readonly tf.Tensor[]): void {
    this.step++;
    const t = this.step;
    const correction1 = 1 - Math.pow(this.b1, t);
    const correction2 = 1 - Math.pow(this.b2, t);
    tf.tidy(() => {
      this.variables.forEach((x, i) => {
        const g = grads[i];
        const m = tf.add(tf.mul(this.m[i], this.b1), tf.mul(g, 1 - this.b1));
        const v = tf.add(tf.mul(this.v[i], this.b2), tf.mul(tf.square(g), 1 - this.b2));
        this.m[i].assign(m);
        this.v[i].assign(v);
        const update = tf.div(tf.div(m, correction1), tf.add(tf.sqrt(tf.div(v, correction2)), this.eps));
        x.assign(tf.sub(x, tf.mul(update, this.lr)));
      });
    });
  }

  /** Frees the moment tensors. */
  dispose(): void {
    for (const t of [...this.m, ...this.v]) t.dispose();
  }
}
