import * as tf from '@tensorflow/tfjs';
import { MetricLearningError } from '../losses/metric-learning-error.js';
import { l2Normalize } from '../losses/pairwise-distances.js';
import type { ResolvedLossSpec } from './embedding-loss.js';
import { packRows, type FeatureRows } from './feature-rows.js';

/** Format tag of a saved head's manifest. */
export const EMBEDDING_HEAD_FORMAT = 'clusterflow-embedding-head';
/** Version of the saved-head format this library writes and reads. */
export const EMBEDDING_HEAD_FORMAT_VERSION = 1;

/** Name and shape of one weight array, in the order they sit in the weights buffer. */
export interface WeightSpec {
  /** `mean`, `scale` (standardisation), `dense<i>/kernel` [in, out] or `dense<i>/bias` [out]. */
  readonly name: string;
  /** Its shape; the buffer holds it row-major. */
  readonly shape: readonly number[];
}

/** The JSON half of a saved head: architecture, provenance and the layout of the weights buffer. */
export interface EmbeddingHeadManifest {
  /** Always {@link EMBEDDING_HEAD_FORMAT}. */
  readonly format: typeof EMBEDDING_HEAD_FORMAT;
  /** The format version, {@link EMBEDDING_HEAD_FORMAT_VERSION} when written by this library. */
  readonly version: number;
  /** Length of an input feature row. */
  readonly inputDim: number;
  /** Length of an output embedding row. */
  readonly dim: number;
  /** Widths of the hidden ReLU layers, input side first ([] for a linear head). */
  readonly hidden: readonly number[];
  /** Whether outputs are scaled to unit L2 norm. */
  readonly normalize: boolean;
  /** Whether inputs are standardised (z-scored with the training set's mean and scale) first. */
  readonly standardize: boolean;
  /** The loss the head was trained with, with its options. */
  readonly loss: ResolvedLossSpec;
  /** The training labels' distinct values, in the order of their codes. */
  readonly classes: readonly (number | string)[];
  /** Mean loss per epoch during training. */
  readonly history: readonly number[];
  /** The seed training used. */
  readonly seed: number;
  /** Layout of the weights buffer. */
  readonly weights: readonly WeightSpec[];
}

/** A saved head: the manifest (JSON-serialisable) and every weight as float32, concatenated in manifest order. */
export interface SavedEmbeddingHead {
  /** Architecture, provenance and weight layout (JSON-serialisable). */
  readonly manifest: EmbeddingHeadManifest;
  /** Float32 values, or their little-endian bytes (e.g. a file read back). */
  readonly weights: Float32Array | Uint8Array;
}

/** One dense layer's parameters: output = input · kernel + bias. */
export interface DenseLayer {
  /** [in, out]. */
  readonly kernel: tf.Tensor2D;
  /** [out]. */
  readonly bias: tf.Tensor1D;
}

/** Everything a fitted head holds; the head owns the tensors. */
export interface EmbeddingHeadState {
  /** The manifest without the format tag and weight layout (those are made by `save`). */
  readonly manifest: Omit<EmbeddingHeadManifest, 'weights' | 'format' | 'version'>;
  /** Per-column training mean subtracted before the MLP, or null without standardisation. */
  readonly mean: Float32Array | null;
  /** Per-column 1 / standard deviation applied after the mean, or null without standardisation. */
  readonly scale: Float32Array | null;
  /** The MLP's dense layers, input side first; ReLU between them, none after the last. */
  readonly layers: readonly DenseLayer[];
}

const TRANSFORM_CHUNK = 1024;

/**
 * A fitted embedding head: a small MLP (input → hidden ReLU layers → dim, optionally L2-normalised) that maps
 * feature vectors (CNN activations, pixels) to a low-dimensional embedding where classes form tight, separated
 * clusters. Made by `trainEmbeddingHead` or `EmbeddingHead.load`; immutable; owns TF.js tensors until
 * `dispose()`.
 */
export class EmbeddingHead {
  readonly #state: EmbeddingHeadState;
  #disposed = false;

  /** Wraps trained or loaded parameters; prefer `trainEmbeddingHead` or `EmbeddingHead.load`. */
  constructor(state: EmbeddingHeadState) {
    this.#state = state;
  }

  /** Length of an input feature row. */
  get inputDim(): number {
    return this.#state.manifest.inputDim;
  }

  /** Length of an output embedding row. */
  get dim(): number {
    return this.#state.manifest.dim;
  }

  /** Mean training loss per epoch. */
  get history(): readonly number[] {
    return this.#state.manifest.history;
  }

  /** The training labels' distinct values, in code order. */
  get classes(): readonly (number | string)[] {
    return this.#state.manifest.classes;
  }

  /**
   * Embeds feature rows: one Float32Array of length `dim` per input row (views into one buffer). Validates the
   * rows (finite, `inputDim` long); creates no lasting tensors.
   */
  transform(features: FeatureRows): Float32Array[] {
    this.#checkAlive('transform');
    const { data, rows, cols } = packRows('EmbeddingHead.transform', features, this.inputDim);
    const { mean, scale } = this.#state;
    if (mean && scale) {
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < cols; c++) data[r * cols + c] = (data[r * cols + c] - mean[c]) * scale[c];
      }
    }
    const out = new Float32Array(rows * this.dim);
    for (let start = 0; start < rows; start += TRANSFORM_CHUNK) {
      const end = Math.min(rows, start + TRANSFORM_CHUNK);
      const values = tf.tidy(() => {
        const x = tf.tensor2d(data.subarray(start * cols, end * cols), [end - start, cols]);
        return this.forward(x).dataSync();
      });
      out.set(values, start * this.dim);
    }
    const result: Float32Array[] = [];
    for (let r = 0; r < rows; r++) result.push(out.subarray(r * this.dim, (r + 1) * this.dim));
    return result;
  }

  /** The differentiable forward pass on already standardised inputs [n, inputDim] → [n, dim] (for training). */
  forward(x: tf.Tensor2D): tf.Tensor2D {
    this.#checkAlive('forward');
    return tf.tidy(() => {
      const { layers, manifest } = this.#state;
      let h: tf.Tensor2D = x;
      layers.forEach((layer, i) => {
        h = tf.add(tf.matMul(h, layer.kernel), layer.bias);
        if (i < layers.length - 1) h = tf.relu(h);
      });
      return manifest.normalize ? l2Normalize(h) : h;
    });
  }

  /** The manifest and weights; `EmbeddingHead.load(head.save())` embeds bit-for-bit the same. */
  save(): SavedEmbeddingHead {
    this.#checkAlive('save');
    const { mean, scale, layers, manifest } = this.#state;
    const specs: WeightSpec[] = [];
    const parts: Float32Array[] = [];
    if (mean && scale) {
      specs.push({ name: 'mean', shape: [mean.length] }, { name: 'scale', shape: [scale.length] });
      parts.push(mean, scale);
    }
    layers.forEach((layer, i) => {
      specs.push({ name: `dense${i}/kernel`, shape: layer.kernel.shape });
      specs.push({ name: `dense${i}/bias`, shape: layer.bias.shape });
      parts.push(layer.kernel.dataSync() as Float32Array, layer.bias.dataSync() as Float32Array);
    });
    const weights = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
    let at = 0;
    for (const p of parts) {
      weights.set(p, at);
      at += p.length;
    }
    return {
      manifest: {
        format: EMBEDDING_HEAD_FORMAT,
        version: EMBEDDING_HEAD_FORMAT_VERSION,
        ...manifest,
        hidden: [...manifest.hidden],
        classes: [...manifest.classes],
        history: [...manifest.history],
        weights: specs,
      },
      weights,
    };
  }

  /**
   * Rebuilds a head from `save()`'s output (e.g. the manifest parsed from JSON and the weights read from a file).
   * Throws `INVALID_FORMAT` when the format tag, version, layer shapes or buffer size do not fit together.
   */
  static load(saved: SavedEmbeddingHead): EmbeddingHead {
    const m = saved.manifest;
    const fail = (why: string): never => {
      throw new MetricLearningError('INVALID_FORMAT', `EmbeddingHead.load: ${why}`);
    };
    if (m?.format !== EMBEDDING_HEAD_FORMAT) {
      fail(`format is "${String(m?.format)}", expected "${EMBEDDING_HEAD_FORMAT}"`);
    }
    if (m.version !== EMBEDDING_HEAD_FORMAT_VERSION) {
      fail(
        `format version ${m.version} is not supported (this library reads ${EMBEDDING_HEAD_FORMAT_VERSION})`,
      );
    }
    const values = toFloat32(saved.weights);
    const expected = m.weights.reduce((s, w) => s + w.shape.reduce((a, b) => a * b, 1), 0);
    if (values.length !== expected) {
      fail(`the weights hold ${values.length} values but the manifest describes ${expected}`);
    }
    const widths = [m.inputDim, ...m.hidden, m.dim];
    const specs = new Map(m.weights.map((w) => [w.name, w]));
    let at = 0;
    const take = (name: string, shape: number[]): Float32Array => {
      const spec = specs.get(name);
      if (!spec || spec.shape.length !== shape.length || spec.shape.some((s, i) => s !== shape[i])) {
        fail(
          `weight "${name}" should be [${shape.join(', ')}], the manifest has ${spec ? `[${spec.shape.join(', ')}]` : 'none'}`,
        );
      }
      const size = shape.reduce((a, b) => a * b, 1);
      const part = values.slice(at, at + size);
      at += size;
      return part;
    };
    const mean = m.standardize ? take('mean', [m.inputDim]) : null;
    const scale = m.standardize ? take('scale', [m.inputDim]) : null;
    const raw: { kernel: Float32Array; bias: Float32Array; shape: [number, number] }[] = [];
    for (let i = 0; i + 1 < widths.length; i++) {
      const shape: [number, number] = [widths[i], widths[i + 1]];
      raw.push({ kernel: take(`dense${i}/kernel`, shape), bias: take(`dense${i}/bias`, [shape[1]]), shape });
    }
    if (at !== values.length) fail(`the manifest lists weights the architecture does not use`);
    const layers = raw.map((l) => ({ kernel: tf.tensor2d(l.kernel, l.shape), bias: tf.tensor1d(l.bias) }));
    const { weights: _weights, format: _format, version: _version, ...manifest } = m;
    return new EmbeddingHead({ manifest, mean, scale, layers });
  }

  /** Frees the head's tensors; any later call throws. Safe to call twice. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const layer of this.#state.layers) tf.dispose([layer.kernel, layer.bias]);
  }

  #checkAlive(method: string): void {
    if (this.#disposed) {
      throw new MetricLearningError('INVALID_INPUT', `EmbeddingHead.${method}: the head was disposed`);
    }
  }
}

/** Float32 view or copy of saved weights (bytes read from a file may sit at an unaligned offset). */
function toFloat32(weights: Float32Array | Uint8Array): Float32Array {
  if (weights instanceof Float32Array) return weights;
  if (weights.byteLength % 4 !== 0) {
    throw new MetricLearningError(
      'INVALID_FORMAT',
      `EmbeddingHead.load: ${weights.byteLength} weight bytes is not a whole number of float32 values`,
    );
  }
  const copy = new Uint8Array(weights.byteLength);
  copy.set(weights);
  return new Float32Array(copy.buffer);
}
