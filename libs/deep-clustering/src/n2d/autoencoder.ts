import * as tf from '@tensorflow/tfjs';
import { DeepClusteringError } from '../data/deep-clustering-error.js';
import type { NamedArray } from '../ddc/checkpoint-file.js';
import type { SeededRng } from '../ddc/seeded-rng.js';

/** Layer sizes of an N2D autoencoder: `inputDim → hiddenUnits… → codeDim → reversed hiddenUnits… → inputDim`. */
export interface AutoencoderArchitecture {
  /** Values per input row. */
  readonly inputDim: number;
  /** Encoder hidden widths (the decoder mirrors them). */
  readonly hiddenUnits: readonly number[];
  /** Width of the code (the embedding that UMAP reads). */
  readonly codeDim: number;
}

/** The trainable tensors of an autoencoder, in a fixed order (kernel, bias per dense layer). */
export interface Autoencoder {
  /** The sizes the tensors belong to. */
  readonly architecture: AutoencoderArchitecture;
  /** kernel₀, bias₀, kernel₁, bias₁, … for the encoder then the decoder. */
  readonly params: tf.Variable[];
}

/** Widths of every dense layer's output, encoder then decoder. */
function layerWidths(a: AutoencoderArchitecture): { inputs: number; units: number }[] {
  const sizes = [a.inputDim, ...a.hiddenUnits, a.codeDim, ...[...a.hiddenUnits].reverse(), a.inputDim];
  return sizes.slice(1).map((units, i) => ({ inputs: sizes[i], units }));
}

/** Name and shape of every parameter (checkpoints store tensors by name). */
export function autoencoderSpecs(a: AutoencoderArchitecture): { name: string; shape: number[] }[] {
  return layerWidths(a).flatMap(({ inputs, units }, i) => [
    { name: `dense${i}/kernel`, shape: [inputs, units] },
    { name: `dense${i}/bias`, shape: [units] },
  ]);
}

/** Glorot-uniform kernels and zero biases (Keras' defaults, which N2D's reference code uses), from `rng`. */
export function createAutoencoder(a: AutoencoderArchitecture, rng: SeededRng): Autoencoder {
  const params = layerWidths(a).flatMap(({ inputs, units }) => {
    const limit = Math.sqrt(6 / (inputs + units));
    const w = new Float32Array(inputs * units);
    for (let i = 0; i < w.length; i++) w[i] = (rng.next() * 2 - 1) * limit;
    return [
      tf.tidy(() => tf.variable(tf.tensor2d(w, [inputs, units]), true)),
      tf.tidy(() => tf.variable(tf.zeros([units]), true)),
    ];
  });
  return { architecture: a, params };
}

/** The code of `x` (ReLU hidden layers, linear code layer). */
export function encode(net: Autoencoder, x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const layers = net.architecture.hiddenUnits.length + 1;
    let h: tf.Tensor2D = x;
    for (let l = 0; l < layers; l++) {
      h = tf.add(tf.matMul(h, net.params[2 * l]), net.params[2 * l + 1]);
      if (l < layers - 1) h = tf.relu(h);
    }
    return h;
  });
}

/** The reconstruction of `x` (the decoder mirrors the encoder; linear output, as N2D's). */
export function reconstruct(net: Autoencoder, x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const encoderLayers = net.architecture.hiddenUnits.length + 1;
    const total = net.params.length / 2;
    let h = encode(net, x);
    for (let l = encoderLayers; l < total; l++) {
      h = tf.add(tf.matMul(h, net.params[2 * l]), net.params[2 * l + 1]);
      if (l < total - 1) h = tf.relu(h);
    }
    return h;
  });
}

/** Codes of every row of a row-major matrix, `chunk` rows per forward pass (memory only). */
export function encodeRows(
  net: Autoencoder,
  data: Float32Array,
  rows: number,
  cols: number,
  chunk = 250,
): Float32Array {
  const width = net.architecture.codeDim;
  const out = new Float32Array(rows * width);
  for (let start = 0; start < rows; start += chunk) {
    const end = Math.min(rows, start + chunk);
    const x = tf.tensor2d(data.subarray(start * cols, end * cols), [end - start, cols]);
    const code = encode(net, x);
    out.set(code.dataSync(), start * width);
    tf.dispose([x, code]);
  }
  return out;
}

/** The parameters as named arrays. */
export function autoencoderArrays(net: Autoencoder): NamedArray[] {
  const specs = autoencoderSpecs(net.architecture);
  return net.params.map((p, i) => ({
    name: specs[i].name,
    shape: p.shape,
    values: p.dataSync() as Float32Array,
  }));
}

/** Rebuilds an autoencoder from named arrays, checking every shape against the architecture. */
export function autoencoderFromArrays(
  a: AutoencoderArchitecture,
  arrays: Map<string, NamedArray>,
  source: string,
): Autoencoder {
  const specs = autoencoderSpecs(a);
  for (const s of specs) {
    const found = arrays.get(s.name);
    if (found === undefined || found.shape.join('×') !== s.shape.join('×')) {
      throw new DeepClusteringError(
        'CHECKPOINT_MISMATCH',
        `${source}: tensor ${s.name} is ${found === undefined ? 'missing' : found.shape.join('×')}, the architecture needs ${s.shape.join('×')}.`,
      );
    }
  }
  const params = specs.map((s) =>
    tf.tidy(() => tf.variable(tf.tensor((arrays.get(s.name) as NamedArray).values, s.shape), true)),
  );
  return { architecture: a, params };
}

/** Frees the autoencoder's tensors. */
export function disposeAutoencoder(net: Autoencoder): void {
  for (const p of net.params) p.dispose();
}
