import type { PointMatrix } from '@clusterflow/clusterflow';
import { InvalidReasoningInputError, WorldFormatError } from '../errors/reasoning-error.js';

/** One dense layer of a world space: output = input · kernel + bias. */
export interface WorldSpaceLayer {
  /** Row-major [inputs, outputs] (the layout of TF.js kernels and of a saved embedding head). */
  readonly kernel: Float32Array;
  /** [outputs]. */
  readonly bias: Float32Array;
  /** Input width of the layer. */
  readonly inputs: number;
  /** Output width of the layer. */
  readonly outputs: number;
}

/**
 * A learned map from a tap's activations to the space a world is built in (e.g. an embedding head trained on the
 * world's labels, converted by deep-clustering's `worldSpaceFromHead`): optional z-scoring, dense layers with
 * ReLU between them (none after the last), optional L2 normalisation. Pure TypeScript so reasoning needs no TF.js.
 */
export interface WorldSpace {
  /** Length of an input activation row. */
  readonly inputDim: number;
  /** Length of an output row (the world's columns). */
  readonly dim: number;
  /** Per-column mean subtracted first, or null without standardisation. */
  readonly mean: Float32Array | null;
  /** Per-column factor applied after the mean (1 / standard deviation), or null without standardisation. */
  readonly scale: Float32Array | null;
  /** Dense layers, input side first; at least one. */
  readonly layers: readonly WorldSpaceLayer[];
  /** Scale each output row to unit L2 norm. */
  readonly normalize: boolean;
  /** Free-text provenance (loss, seed, epochs …); JSON-safe values only. */
  readonly provenance: Readonly<Record<string, string | number>>;
}

/** Throws a typed error when the space's shapes do not chain (inputDim → layers → dim) or hold non-finite values. */
export function checkWorldSpace(space: WorldSpace, where: string): void {
  const fail = (why: string): never => {
    throw new InvalidReasoningInputError(`${where}: invalid world space: ${why}`);
  };
  if (!Number.isInteger(space.inputDim) || space.inputDim < 1) fail(`inputDim ${space.inputDim} is not ≥ 1`);
  if (!Number.isInteger(space.dim) || space.dim < 1) fail(`dim ${space.dim} is not ≥ 1`);
  if ((space.mean === null) !== (space.scale === null)) fail('mean and scale must both be set or both null');
  if (space.mean && space.mean.length !== space.inputDim)
    fail(`mean has ${space.mean.length} values, inputDim is ${space.inputDim}`);
  if (space.scale && space.scale.length !== space.inputDim)
    fail(`scale has ${space.scale.length} values, inputDim is ${space.inputDim}`);
  if (space.layers.length < 1) fail('needs at least one dense layer');
  let width = space.inputDim;
  space.layers.forEach((l, i) => {
    if (l.inputs !== width) fail(`layer ${i} takes ${l.inputs} inputs, the previous width is ${width}`);
    if (l.kernel.length !== l.inputs * l.outputs)
      fail(`layer ${i} kernel has ${l.kernel.length} values, expected ${l.inputs}×${l.outputs}`);
    if (l.bias.length !== l.outputs)
      fail(`layer ${i} bias has ${l.bias.length} values, expected ${l.outputs}`);
    width = l.outputs;
  });
  if (width !== space.dim) fail(`the last layer gives ${width} values, dim is ${space.dim}`);
  const arrays = [space.mean, space.scale, ...space.layers.flatMap((l) => [l.kernel, l.bias])];
  for (const a of arrays) if (a && !a.every(Number.isFinite)) fail('holds a non-finite weight');
}

/**
 * Maps activation rows into the world space (plain matmul, float32 weights, float64 accumulation). Typed error
 * when the rows' width is not the space's `inputDim`.
 */
export function applyWorldSpace(
  space: WorldSpace,
  rows: PointMatrix,
  where = 'applyWorldSpace',
): PointMatrix {
  if (rows.cols !== space.inputDim)
    throw new InvalidReasoningInputError(
      `${where}: rows have ${rows.cols} values, the world space takes ${space.inputDim} (its head was trained on that tap)`,
    );
  const out = new Float32Array(rows.rows * space.dim);
  const widest = Math.max(space.inputDim, ...space.layers.map((l) => l.outputs));
  let h = new Float64Array(widest);
  let next = new Float64Array(widest);
  for (let r = 0; r < rows.rows; r++) {
    const base = r * rows.cols;
    for (let c = 0; c < rows.cols; c++) {
      const v = rows.data[base + c];
      h[c] = space.mean && space.scale ? (v - space.mean[c]) * space.scale[c] : v;
    }
    space.layers.forEach((layer, li) => {
      const { kernel, bias, inputs, outputs } = layer;
      for (let o = 0; o < outputs; o++) next[o] = bias[o];
      for (let i = 0; i < inputs; i++) {
        const x = h[i];
        if (x === 0) continue;
        const k = i * outputs;
        for (let o = 0; o < outputs; o++) next[o] += x * kernel[k + o];
      }
      if (li < space.layers.length - 1) for (let o = 0; o < outputs; o++) if (next[o] < 0) next[o] = 0;
      [h, next] = [next, h];
    });
    let norm = 1;
    if (space.normalize) {
      let s = 0;
      for (let o = 0; o < space.dim; o++) s += h[o] * h[o];
      // Same guard as the TF.js head's l2Normalize: divide by sqrt(‖h‖² + ε).
      norm = Math.sqrt(s + 1e-12);
    }
    for (let o = 0; o < space.dim; o++) out[r * space.dim + o] = h[o] / norm;
  }
  return { data: out, rows: rows.rows, cols: space.dim };
}

/** One layer of {@link WorldSpaceJson}. */
export interface WorldSpaceLayerJson {
  /** Base64 of the row-major [inputs, outputs] float32 kernel. */
  readonly kernel: string;
  /** Base64 of the float32 bias. */
  readonly bias: string;
  /** Input width. */
  readonly inputs: number;
  /** Output width. */
  readonly outputs: number;
}

/** The JSON form of a world space: shapes and provenance, every array as base64 of little-endian float32. */
export interface WorldSpaceJson {
  /** Input width. */
  readonly inputDim: number;
  /** Output width. */
  readonly dim: number;
  /** Base64 mean, or null. */
  readonly mean: string | null;
  /** Base64 scale, or null. */
  readonly scale: string | null;
  /** Layers with base64 kernel and bias. */
  readonly layers: readonly WorldSpaceLayerJson[];
  /** L2-normalised outputs. */
  readonly normalize: boolean;
  /** Provenance as stored. */
  readonly provenance: Readonly<Record<string, string | number>>;
}

/** Serialisable form of a space (weights kept bit for bit). */
export function worldSpaceToJson(space: WorldSpace): WorldSpaceJson {
  return {
    inputDim: space.inputDim,
    dim: space.dim,
    mean: space.mean ? f32ToBase64(space.mean) : null,
    scale: space.scale ? f32ToBase64(space.scale) : null,
    layers: space.layers.map((l) => ({
      kernel: f32ToBase64(l.kernel),
      bias: f32ToBase64(l.bias),
      inputs: l.inputs,
      outputs: l.outputs,
    })),
    normalize: space.normalize,
    provenance: { ...space.provenance },
  };
}

/** Reads `worldSpaceToJson`'s output; `WorldFormatError` when the shapes do not fit together. */
export function worldSpaceFromJson(json: WorldSpaceJson): WorldSpace {
  if (!json || !Array.isArray(json.layers))
    throw new WorldFormatError('loadWorld: the world space has no layers');
  const space: WorldSpace = {
    inputDim: json.inputDim,
    dim: json.dim,
    mean: json.mean === null ? null : f32FromBase64(json.mean),
    scale: json.scale === null ? null : f32FromBase64(json.scale),
    layers: json.layers.map((l) => ({
      kernel: f32FromBase64(l.kernel),
      bias: f32FromBase64(l.bias),
      inputs: l.inputs,
      outputs: l.outputs,
    })),
    normalize: json.normalize === true,
    provenance: json.provenance ?? {},
  };
  try {
    checkWorldSpace(space, 'loadWorld');
  } catch (e) {
    throw new WorldFormatError((e as Error).message);
  }
  return space;
}

function f32ToBase64(a: Float32Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
}

function f32FromBase64(text: string): Float32Array {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.byteLength % 4 !== 0)
    throw new WorldFormatError(
      `loadWorld: a world-space blob has ${bytes.byteLength} bytes, not whole float32s`,
    );
  const copy = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(copy).set(bytes);
  return new Float32Array(copy);
}
