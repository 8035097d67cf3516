import * as tf from '@tensorflow/tfjs';
import { SeededRng } from './seeded-rng.js';

/** `fc`: dense layers for vectors; `conv`: the LeNet-style network for images (the paper's §3.1). */
export type DdcVariant = 'fc' | 'conv';

/** The layer sizes that define a network; a checkpoint only loads into the same architecture. */
export interface DdcArchitecture {
  /** Network family. */
  readonly variant: DdcVariant;
  /** Values per input row. */
  readonly inputDim: number;
  /** Image shape `[height, width, channels]` (conv only). */
  readonly imageShape?: readonly [number, number, number];
  /** Number of clusters (softmax outputs). */
  readonly k: number;
  /** fc: hidden widths, the last one batch-normalised and used for the kernel. Default 200-200-500. */
  readonly hiddenUnits: readonly number[];
  /** conv: filters of the two 5×5 convolutions. Default 32, 64. */
  readonly convFilters: readonly number[];
  /** conv: width of the batch-normalised fully connected layer used for the kernel. Default 100. */
  readonly convDenseUnits: number;
}

/** Batch-normalisation constants (Lasagne's defaults, the paper's framework). */
export const BN_EPSILON = 1e-4;
/** Weight of the new batch statistics in the running averages. */
export const BN_MOMENTUM = 0.1;

/** Parameters and batch-norm statistics of a DDC network, named so they can be saved and restored by name. */
export interface DdcNetwork {
  /** The architecture the tensors belong to. */
  readonly architecture: DdcArchitecture;
  /** Trainable parameters, in a fixed order. */
  readonly params: tf.Variable[];
  /** Running mean and variance of the batch-normalised layer (not trained; updated each step). */
  readonly runningMean: tf.Variable;
  /** Running variance of the batch-normalised layer. */
  readonly runningVar: tf.Variable;
}

/** Output of one forward pass. */
export interface ForwardResult {
  /** Last hidden layer (after batch norm and ReLU): the kernel's input. */
  readonly hidden: tf.Tensor2D;
  /** Softmax cluster assignments, n × k. */
  readonly assignments: tf.Tensor2D;
  /** Training mode only: the batch mean and variance of the batch-normalised layer. */
  readonly batchMean?: tf.Tensor1D;
  /** Training mode only: the batch variance. */
  readonly batchVar?: tf.Tensor1D;
}

interface ParamSpec {
  name: string;
  shape: number[];
  fanIn: number;
  kind: 'he' | 'zero' | 'one';
}

/** Shapes and names of every parameter of an architecture, in order. */
export function parameterSpecs(a: DdcArchitecture): ParamSpec[] {
  const specs: ParamSpec[] = [];
  const dense = (name: string, inputs: number, units: number): void => {
    specs.push({ name: `${name}/kernel`, shape: [inputs, units], fanIn: inputs, kind: 'he' });
    specs.push({ name: `${name}/bias`, shape: [units], fanIn: inputs, kind: 'zero' });
  };
  const bn = (name: string, units: number): void => {
    specs.push({ name: `${name}/gamma`, shape: [units], fanIn: units, kind: 'one' });
    specs.push({ name: `${name}/beta`, shape: [units], fanIn: units, kind: 'zero' });
  };
  if (a.variant === 'fc') {
    let inputs = a.inputDim;
    a.hiddenUnits.forEach((units, i) => {
      dense(`dense${i + 1}`, inputs, units);
      if (i === a.hiddenUnits.length - 1) bn(`bn${i + 1}`, units);
      inputs = units;
    });
    dense('output', inputs, a.k);
  } else {
    const [h, w, c] = imageShapeOf(a);
    const [f1, f2] = a.convFilters;
    specs.push({ name: 'conv1/kernel', shape: [5, 5, c, f1], fanIn: 25 * c, kind: 'he' });
    specs.push({ name: 'conv1/bias', shape: [f1], fanIn: 25 * c, kind: 'zero' });
    specs.push({ name: 'conv2/kernel', shape: [5, 5, f1, f2], fanIn: 25 * f1, kind: 'he' });
    specs.push({ name: 'conv2/bias', shape: [f2], fanIn: 25 * f1, kind: 'zero' });
    const flat = convOutputSide(h) * convOutputSide(w) * f2;
    dense('dense1', flat, a.convDenseUnits);
    bn('bn1', a.convDenseUnits);
    dense('output', a.convDenseUnits, a.k);
  }
  return specs;
}

/** Side after conv 5×5 (valid) → pool 2 → conv 5×5 → pool 2: 28 → 24 → 12 → 8 → 4. */
export function convOutputSide(side: number): number {
  return Math.floor((Math.floor((side - 4) / 2) - 4) / 2);
}

function imageShapeOf(a: DdcArchitecture): readonly [number, number, number] {
  if (a.imageShape === undefined) throw new RangeError('conv architecture without imageShape');
  return a.imageShape;
}

/** Width of the hidden (kernel) layer. */
export function hiddenWidth(a: DdcArchitecture): number {
  return a.variant === 'fc' ? a.hiddenUnits[a.hiddenUnits.length - 1] : a.convDenseUnits;
}

/** A network with He-normal weights (He et al. 2015, the paper's [56]) drawn from `rng`, zero biases. */
export function createNetwork(architecture: DdcArchitecture, rng: SeededRng): DdcNetwork {
  const params = parameterSpecs(architecture).map((spec) => {
    const size = spec.shape.reduce((p, d) => p * d, 1);
    const values = new Float32Array(size);
    if (spec.kind === 'one') values.fill(1);
    else if (spec.kind === 'he') {
      const std = Math.sqrt(2 / spec.fanIn);
      for (let i = 0; i < size; i++) values[i] = std * rng.normal();
    }
    // Unnamed: TF.js variable names are global, and two networks must be able to coexist.
    return tf.tidy(() => tf.variable(tf.tensor(values, spec.shape), true));
  });
  const width = hiddenWidth(architecture);
  return {
    architecture,
    params,
    runningMean: tf.tidy(() => tf.variable(tf.zeros([width]), false)),
    runningVar: tf.tidy(() => tf.variable(tf.ones([width]), false)),
  };
}

/** Frees every tensor of the network. */
export function disposeNetwork(net: DdcNetwork): void {
  for (const p of net.params) p.dispose();
  net.runningMean.dispose();
  net.runningVar.dispose();
}

/**
 * Forward pass of `x` (n × inputDim). In training mode the batch-normalised layer uses the batch's statistics
 * (returned so the caller can update the running averages); otherwise it uses the running averages.
 */
export function forward(net: DdcNetwork, x: tf.Tensor2D, training: boolean): ForwardResult {
  const a = net.architecture;
  const p = net.params;
  let i = 0;
  const next = (): tf.Variable => p[i++];
  let h: tf.Tensor2D;
  if (a.variant === 'fc') {
    h = x;
    for (let layer = 0; layer < a.hiddenUnits.length - 1; layer++) {
      h = tf.relu(tf.add(tf.matMul(h, next()), next())) as tf.Tensor2D;
    }
  } else {
    const [height, width, channels] = imageShapeOf(a);
    let img = tf.reshape(x, [x.shape[0], height, width, channels]) as tf.Tensor4D;
    // The paper's order: convolution → 2×2 max pooling → ReLU, twice.
    img = convPoolRelu(img, next() as tf.Tensor4D, next());
    img = convPoolRelu(img, next() as tf.Tensor4D, next());
    h = tf.reshape(img, [x.shape[0], -1]) as tf.Tensor2D;
  }
  const z = tf.add(tf.matMul(h, next()), next()) as tf.Tensor2D;
  const gamma = next();
  const beta = next();
  let normalised: tf.Tensor2D;
  let batchMean: tf.Tensor1D | undefined;
  let batchVar: tf.Tensor1D | undefined;
  if (training) {
    const moments = tf.moments(z, 0);
    batchMean = moments.mean as tf.Tensor1D;
    batchVar = moments.variance as tf.Tensor1D;
    normalised = tf.div(tf.sub(z, batchMean), tf.sqrt(tf.add(batchVar, BN_EPSILON)));
  } else {
    normalised = tf.div(tf.sub(z, net.runningMean), tf.sqrt(tf.add(net.runningVar, BN_EPSILON)));
  }
  const hidden = tf.relu(tf.add(tf.mul(normalised, gamma), beta)) as tf.Tensor2D;
  const assignments = tf.softmax(tf.add(tf.matMul(hidden, next()), next()) as tf.Tensor2D);
  return { hidden, assignments, batchMean, batchVar };
}

function convPoolRelu(img: tf.Tensor4D, kernel: tf.Tensor4D, bias: tf.Tensor): tf.Tensor4D {
  const conv = tf.add(tf.conv2d(img, kernel, 1, 'valid'), bias) as tf.Tensor4D;
  return tf.relu(tf.maxPool(conv, 2, 2, 'valid'));
}
