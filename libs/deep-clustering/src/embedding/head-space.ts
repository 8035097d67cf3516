import type { EmbeddingHead } from './embedding-head.js';

/** One dense layer in plain arrays: output = input · kernel + bias; kernel row-major [inputs, outputs]. */
export interface HeadSpaceLayer {
  /** Row-major [inputs, outputs]. */
  readonly kernel: Float32Array;
  /** [outputs]. */
  readonly bias: Float32Array;
  /** Input width. */
  readonly inputs: number;
  /** Output width. */
  readonly outputs: number;
}

/**
 * An embedding head as plain Float32Arrays (no TF.js): z-scoring, dense layers with ReLU between them, optional
 * L2 normalisation. Structurally the reasoning lib's `WorldSpace`, so a world can be built in a head's space and
 * stored with it without reasoning depending on TF.js or on this lib.
 */
export interface HeadSpace {
  /** Input row width. */
  readonly inputDim: number;
  /** Output row width. */
  readonly dim: number;
  /** Per-column training mean, or null without standardisation. */
  readonly mean: Float32Array | null;
  /** Per-column 1 / standard deviation, or null without standardisation. */
  readonly scale: Float32Array | null;
  /** Dense layers, input side first. */
  readonly layers: readonly HeadSpaceLayer[];
  /** Outputs scaled to unit L2 norm. */
  readonly normalize: boolean;
  /** The head's loss name, seed, epochs, hidden widths and final loss (JSON-safe). */
  readonly provenance: Readonly<Record<string, string | number>>;
}

/** Converts a fitted head's saved state (its weights, copied) into a {@link HeadSpace}. */
export function headSpace(head: EmbeddingHead): HeadSpace {
  const { manifest, weights } = head.save();
  // save() writes Float32Array; a byte view would come only from a file.
  const values =
    weights instanceof Float32Array
      ? weights
      : new Float32Array(weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength));
  const byName = new Map<string, Float32Array>();
  let at = 0;
  for (const w of manifest.weights) {
    const size = w.shape.reduce((a, b) => a * b, 1);
    byName.set(w.name, values.slice(at, at + size));
    at += size;
  }
  const widths = [manifest.inputDim, ...manifest.hidden, manifest.dim];
  const layers: HeadSpaceLayer[] = [];
  for (let i = 0; i + 1 < widths.length; i++) {
    layers.push({
      kernel: byName.get(`dense${i}/kernel`) ?? new Float32Array(0),
      bias: byName.get(`dense${i}/bias`) ?? new Float32Array(0),
      inputs: widths[i],
      outputs: widths[i + 1],
    });
  }
  const history = manifest.history;
  return {
    inputDim: manifest.inputDim,
    dim: manifest.dim,
    mean: manifest.standardize ? (byName.get('mean') ?? null) : null,
    scale: manifest.standardize ? (byName.get('scale') ?? null) : null,
    layers,
    normalize: manifest.normalize,
    provenance: {
      loss: manifest.loss.name,
      seed: manifest.seed,
      epochs: history.length,
      hidden: manifest.hidden.join('x') || 'linear',
      finalLoss: history.at(-1) ?? 0,
    },
  };
}
