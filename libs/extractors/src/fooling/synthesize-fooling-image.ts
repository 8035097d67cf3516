import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import { ExtractorError } from '../errors/extractor-error.js';
import type { Normalisation, OutputKind } from '../model/model-registry.js';
import { registerWasmGradients } from '../gradients/register-wasm-gradients.js';
import { seededRandom } from './seeded-random.js';

/** Progress of one gradient-ascent step, reported through `onStep`. */
export interface FoolingStep {
  /** 1-based step number. */
  step: number;
  /** Softmax probability of the target class for the 8-bit image after this step. */
  confidence: number;
  /** Class the model ranks first for that image. */
  topClass: number;
}

/** The quantity gradient ascent maximises for the target class. */
export type FoolingObjective = 'logSoftmax' | 'logit';

/** Options for `synthesizeFoolingImage`; only `targetClass` is required. */
export interface FoolingOptions {
  /** Output index of the class to fake, in the model's own order (darknet-tiny: 173 tabby, 356 daisy, …). */
  targetClass: number;
  /** Seeds the starting noise and the jitter; same seed ⇒ same image. Default 0. */
  seed?: number;
  /** Give up after this many steps (the result then has `converged: false`). Default 200. */
  maxSteps?: number;
  /** Stop once the saved 8-bit image reaches this softmax probability. Default 0.99. */
  targetConfidence?: number;
  /** Mean per-pixel change per step, in [0,1] pixel units (the gradient is scaled to mean |g| = 1). Default 0.01. */
  stepSize?: number;
  /** Blur the image with a 3×3 Gaussian every this many steps; 0 disables. Default 4. */
  blurEvery?: number;
  /** Standard deviation of that Gaussian, in pixels. Default 0.5. */
  blurSigma?: number;
  /** Each step shifts the image by up to this many pixels (seeded) before taking the gradient; 0 disables. Default 1. */
  jitter?: number;
  /** Starting image: mid-grey plus uniform noise of this half-width. Default 0.2. */
  noise?: number;
  /** How [0,1] pixels become model input. Default `'0..1'` (darknet-tiny); MobileNet uses `'-1..1'`. */
  normalisation?: Normalisation;
  /** Whether the model outputs logits (ascend the target logit) or probabilities (ascend its log). Default `'logits'`. */
  outputKind?: OutputKind;
  /**
   * What to ascend: the target's log-softmax (default; the target logit minus the log-sum-exp of all logits) or
   * its raw logit. Raw-logit ascent raises neighbouring classes too: for darknet-tiny's tabby it stalled below
   * 1 % confidence in 150 steps while log-softmax ascent converged.
   */
  objective?: FoolingObjective;
  /** Called after every step. */
  onStep?: (progress: FoolingStep) => void;
}

/** Result of `synthesizeFoolingImage`. */
export interface FoolingImage {
  /** Height × width × 3 RGB bytes, row-major: exactly what `png` decodes to. */
  pixels: Uint8Array;
  /** Lossless PNG of `pixels`. */
  png: Buffer;
  /** Width in pixels (the model's input width). */
  width: number;
  /** Height in pixels (the model's input height). */
  height: number;
  /** Softmax probability of `targetClass` measured on the PNG decoded again. */
  confidence: number;
  /** The class the model ranks first for the PNG. */
  topClass: number;
  /** Gradient steps taken. */
  steps: number;
  /** The targeted class (`options.targetClass`). */
  targetClass: number;
  /** The seed used (`options.seed`, default 0). */
  seed: number;
  /** Whether `confidence ≥ targetConfidence`. */
  converged: boolean;
}

const DEFAULTS = {
  seed: 0,
  maxSteps: 200,
  targetConfidence: 0.99,
  stepSize: 0.01,
  blurEvery: 4,
  blurSigma: 0.5,
  jitter: 1,
  noise: 0.2,
  normalisation: '0..1' as Normalisation,
  outputKind: 'logits' as OutputKind,
  objective: 'logSoftmax' as FoolingObjective,
};

/**
 * Synthesises a "fooling" image (Nguyen et al. 2015; here by gradient ascent, Simonyan et al. 2013): from
 * seeded noise, ascend the target class's log-softmax (or raw logit, see `objective`), picked out with a one-hot
 * mask rather than `tf.gather`; clip to [0,1], with a little jitter and blur so the result is not pure pixel
 * noise. Each step is judged on the 8-bit quantised image and the returned confidence is re-measured on the PNG
 * decoded again, so saving never loses the fooling. Installs the wasm gradient kernels itself
 * (`registerWasmGradients`: idempotent, wasm only). The model must map `[1,H,W,3]` to `[1,classes]`.
 */
export async function synthesizeFoolingImage(
  model: tf.LayersModel,
  options: FoolingOptions,
): Promise<FoolingImage> {
  const o = { ...DEFAULTS, ...stripUndefined(options) };
  const [height, width, classes] = checkModel(model);
  checkOptions(o, classes);
  registerWasmGradients();
  const random = seededRandom(o.seed);
  const scale = o.normalisation === '-1..1' ? 2 : 1;
  const offset = o.normalisation === '-1..1' ? -1 : 0;
  const mask = tf.tidy(() => tf.oneHot(tf.tensor1d([o.targetClass], 'int32'), classes).toFloat());
  const blurKernel = gaussianKernel(o.blurSigma);
  const objective = (x: tf.Tensor4D): tf.Scalar =>
    tf.tidy(() => {
      const out = model.apply(x.mul(scale).add(offset)) as tf.Tensor2D;
      const scores = o.outputKind === 'probabilities' ? out.add(1e-30).log() : out;
      const chosen = o.objective === 'logSoftmax' ? tf.logSoftmax(scores) : scores;
      return chosen.mul(mask).sum() as tf.Scalar;
    });
  const gradient = tf.grad((x: tf.Tensor) => objective(x as tf.Tensor4D));

  const start = new Float32Array(height * width * 3);
  for (let i = 0; i < start.length; i++) start[i] = 0.5 + o.noise * (2 * random() - 1);
  let x = tf.tensor4d(start, [1, height, width, 3]);
  let steps = 0;
  let pixels = quantise((await x.data()) as Float32Array);
  try {
    let { confidence } = await judge(model, pixels, o, height, width, classes);
    while (steps < o.maxSteps && confidence < o.targetConfidence) {
      const dy = o.jitter > 0 ? Math.round((2 * random() - 1) * o.jitter) : 0;
      const dx = o.jitter > 0 ? Math.round((2 * random() - 1) * o.jitter) : 0;
      const next = tf.tidy(() => {
        const g = roll(gradient(roll(x, dy, dx)) as tf.Tensor4D, -dy, -dx);
        let y = x
          .add(g.mul(o.stepSize / (g.abs().mean().dataSync()[0] + 1e-12)))
          .clipByValue(0, 1) as tf.Tensor4D;
        if (o.blurEvery > 0 && (steps + 1) % o.blurEvery === 0) y = blur(y, blurKernel);
        return y;
      });
      x.dispose();
      x = next;
      steps++;
      pixels = quantise((await x.data()) as Float32Array);
      const judged = await judge(model, pixels, o, height, width, classes);
      confidence = judged.confidence;
      o.onStep?.({ step: steps, confidence, topClass: judged.topClass });
    }
  } finally {
    x.dispose();
    mask.dispose();
  }
  const png = await sharp(Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength), {
    raw: { width, height, channels: 3 },
  })
    .png()
    .toBuffer();
  // Judge what a reader of the file gets, not what we meant to write.
  const reread = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const decoded = new Uint8Array(reread.data.buffer, reread.data.byteOffset, reread.data.byteLength);
  const final = await judge(model, decoded, o, height, width, classes);
  return {
    pixels: decoded,
    png,
    width,
    height,
    confidence: final.confidence,
    topClass: final.topClass,
    steps,
    targetClass: o.targetClass,
    seed: o.seed,
    converged: final.confidence >= o.targetConfidence,
  };
}

type Resolved = typeof DEFAULTS & FoolingOptions;

function stripUndefined(options: FoolingOptions): FoolingOptions {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as FoolingOptions;
}

function checkModel(model: tf.LayersModel): [number, number, number] {
  const input = model.inputs[0]?.shape;
  const output = model.outputs[0]?.shape;
  if (
    model.inputs.length !== 1 ||
    input?.length !== 4 ||
    typeof input[1] !== 'number' ||
    typeof input[2] !== 'number' ||
    input[3] !== 3
  ) {
    throw new ExtractorError(
      'INVALID_ARGUMENT',
      `synthesizeFoolingImage needs one input of shape [N,H,W,3] with fixed H and W; got ${JSON.stringify(model.inputs.map((i) => i.shape))}.`,
    );
  }
  if (model.outputs.length !== 1 || output?.length !== 2 || typeof output[1] !== 'number') {
    throw new ExtractorError(
      'INVALID_ARGUMENT',
      `synthesizeFoolingImage needs one output of shape [N,classes]; got ${JSON.stringify(model.outputs.map((t) => t.shape))}.`,
    );
  }
  return [input[1], input[2], output[1]];
}

function checkOptions(o: Resolved, classes: number): void {
  const fail = (what: string): never => {
    throw new ExtractorError('INVALID_ARGUMENT', `synthesizeFoolingImage: ${what}`);
  };
  if (!Number.isInteger(o.targetClass) || o.targetClass < 0 || o.targetClass >= classes) {
    fail(`targetClass must be an integer in [0, ${classes - 1}], got ${o.targetClass}.`);
  }
  if (!Number.isInteger(o.seed)) fail(`seed must be an integer, got ${o.seed}.`);
  if (!Number.isInteger(o.maxSteps) || o.maxSteps < 0)
    fail(`maxSteps must be an integer ≥ 0, got ${o.maxSteps}.`);
  if (!(o.targetConfidence > 0 && o.targetConfidence <= 1)) {
    fail(`targetConfidence must be in (0, 1], got ${o.targetConfidence}.`);
  }
  if (!(o.stepSize > 0)) fail(`stepSize must be > 0, got ${o.stepSize}.`);
  if (!Number.isInteger(o.blurEvery) || o.blurEvery < 0)
    fail(`blurEvery must be an integer ≥ 0, got ${o.blurEvery}.`);
  if (!(o.blurSigma > 0)) fail(`blurSigma must be > 0, got ${o.blurSigma}.`);
  if (!Number.isInteger(o.jitter) || o.jitter < 0) fail(`jitter must be an integer ≥ 0, got ${o.jitter}.`);
  if (!(o.noise >= 0 && o.noise <= 0.5)) fail(`noise must be in [0, 0.5], got ${o.noise}.`);
  if (o.normalisation !== '0..1' && o.normalisation !== '-1..1') {
    fail(`normalisation must be '0..1' or '-1..1', got ${String(o.normalisation)}.`);
  }
  if (o.objective !== 'logSoftmax' && o.objective !== 'logit') {
    fail(`objective must be 'logSoftmax' or 'logit', got ${String(o.objective)}.`);
  }
  if (o.outputKind !== 'logits' && o.outputKind !== 'probabilities') {
    fail(`outputKind must be 'logits' or 'probabilities', got ${String(o.outputKind)}.`);
  }
}

/** [0,1] floats → bytes, rounding to nearest: the image a PNG will hold. */
function quantise(values: Float32Array): Uint8Array {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Math.round(Math.min(1, Math.max(0, values[i])) * 255);
  return out;
}

/** Softmax probability of the target and the top class, for 8-bit pixels. */
async function judge(
  model: tf.LayersModel,
  pixels: Uint8Array,
  o: Resolved,
  height: number,
  width: number,
  classes: number,
): Promise<{ confidence: number; topClass: number }> {
  const probs = tf.tidy(() => {
    const scale = o.normalisation === '-1..1' ? 2 / 255 : 1 / 255;
    const offset = o.normalisation === '-1..1' ? -1 : 0;
    const input = tf.tensor4d(pixels, [1, height, width, 3], 'int32').toFloat().mul(scale).add(offset);
    const out = model.predict(input) as tf.Tensor2D;
    return o.outputKind === 'logits' ? tf.softmax(out) : out;
  });
  const p = (await probs.data()) as Float32Array;
  probs.dispose();
  let topClass = 0;
  for (let c = 1; c < classes; c++) if (p[c] > p[topClass]) topClass = c;
  return { confidence: p[o.targetClass], topClass };
}

/** Circular shift by `dy` rows and `dx` columns (positive moves content down/right). */
function roll(x: tf.Tensor4D, dy: number, dx: number): tf.Tensor4D {
  return tf.tidy(() => {
    let y = x;
    const [, h, w] = x.shape;
    const sy = ((dy % h) + h) % h;
    const sx = ((dx % w) + w) % w;
    if (sy !== 0)
      y = tf.concat(
        [y.slice([0, h - sy, 0, 0], [-1, sy, -1, -1]), y.slice([0, 0, 0, 0], [-1, h - sy, -1, -1])],
        1,
      );
    if (sx !== 0)
      y = tf.concat(
        [y.slice([0, 0, w - sx, 0], [-1, -1, sx, -1]), y.slice([0, 0, 0, 0], [-1, -1, w - sx, -1])],
        2,
      );
    return y;
  });
}

/** 3×3 normalised Gaussian weights, row-major. */
function gaussianKernel(sigma: number): number[] {
  const w1 = [Math.exp(-1 / (2 * sigma * sigma)), 1, Math.exp(-1 / (2 * sigma * sigma))];
  const w = w1.flatMap((a) => w1.map((b) => a * b));
  const total = w.reduce((a, b) => a + b, 0);
  return w.map((v) => v / total);
}

/** Per-channel 3×3 blur with mirrored edges (zero padding would darken the border). */
function blur(x: tf.Tensor4D, kernel: number[]): tf.Tensor4D {
  return tf.tidy(() => {
    const k = tf.tensor4d(
      kernel.flatMap((v) => [v, v, v]),
      [3, 3, 3, 1],
    );
    const padded = tf.mirrorPad(
      x,
      [
        [0, 0],
        [1, 1],
        [1, 1],
        [0, 0],
      ],
      'reflect',
    );
    return tf.depthwiseConv2d(padded, k, 1, 'valid');
  });
}
