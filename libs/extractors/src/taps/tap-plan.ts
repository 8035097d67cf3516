import * as tf from '@tensorflow/tfjs';
import { ExtractorError } from '../errors/extractor-error.js';
import { compileFusedForward, type FusedForward } from '../model/fused-forward.js';
import type { ModelDescriptor, Pooling, TapSpec } from '../model/model-registry.js';

/** A tap resolved against a concrete model: which layer to read and what to do with it. */
export interface ResolvedTap {
  /** Key in the `TapResult` (see `tapKey`). */
  key: string;
  layer: string;
  /** `none` for outputs that are already `[N, C]`. */
  pooling: Pooling | 'none';
  /** Apply softmax after pooling (the `softmax` tap of a logits model). */
  softmax: boolean;
}

/** A multi-output model computing every tap of a set in one forward pass. */
export interface TapPlan {
  taps: ResolvedTap[];
  /** Distinct layers, in the order of `model.outputs`. */
  layers: string[];
  model: tf.LayersModel;
  /** The fused inference pass used instead of `model` when the model allows it (see `compileFusedForward`). */
  fused?: FusedForward;
}

/** Result key of a tap: the role name, or the layer name with `:gap`/`:flatten` when pooling was given. */
export function tapKey(spec: TapSpec): string {
  if (typeof spec === 'string') return spec;
  return spec.pooling === undefined ? spec.layer : `${spec.layer}:${spec.pooling}`;
}

/** Resolves tap specs to layers of `model`; unknown layers throw `LAYER_NOT_FOUND`. */
export function resolveTaps(
  specs: readonly TapSpec[],
  descriptor: ModelDescriptor,
  model: tf.LayersModel,
): ResolvedTap[] {
  if (specs.length === 0) {
    throw new ExtractorError(
      'INVALID_ARGUMENT',
      'taps must name at least one tap (classSpace, softmax, penultimate or {layer}).',
    );
  }
  const seen = new Set<string>();
  const resolved: ResolvedTap[] = [];
  for (const spec of specs) {
    const key = tapKey(spec);
    if (seen.has(key)) continue;
    seen.add(key);
    resolved.push(resolveOne(spec, key, descriptor, model));
  }
  return resolved;
}

function resolveOne(
  spec: TapSpec,
  key: string,
  descriptor: ModelDescriptor,
  model: tf.LayersModel,
): ResolvedTap {
  if (spec === 'classSpace') {
    return {
      key,
      ...layerTap(model, descriptor.classSpace.layer, descriptor.classSpace.pooling),
      softmax: false,
    };
  }
  if (spec === 'penultimate') {
    return {
      key,
      ...layerTap(model, descriptor.penultimate.layer, descriptor.penultimate.pooling),
      softmax: false,
    };
  }
  if (spec === 'softmax') {
    if (descriptor.outputKind === 'probabilities') {
      // The model's own output is already the softmax: read it rather than recomputing it.
      const last = model.outputs[0].sourceLayer.name;
      return { key, ...layerTap(model, last, 'flatten'), softmax: false };
    }
    return {
      key,
      ...layerTap(model, descriptor.classSpace.layer, descriptor.classSpace.pooling),
      softmax: true,
    };
  }
  if (typeof spec === 'object' && spec !== null && typeof spec.layer === 'string') {
    if (spec.pooling !== undefined && spec.pooling !== 'gap' && spec.pooling !== 'flatten') {
      throw new ExtractorError(
        'INVALID_ARGUMENT',
        `Tap pooling "${String(spec.pooling)}" is not one of gap, flatten.`,
      );
    }
    return { key, ...layerTap(model, spec.layer, spec.pooling), softmax: false };
  }
  throw new ExtractorError(
    'INVALID_ARGUMENT',
    `Unknown tap ${JSON.stringify(spec)}: use 'classSpace', 'softmax', 'penultimate' or { layer, pooling? }.`,
  );
}

function layerTap(
  model: tf.LayersModel,
  layer: string,
  pooling: Pooling | undefined,
): { layer: string; pooling: Pooling | 'none' } {
  const found = model.layers.find((l) => l.name === layer);
  if (found === undefined) {
    const names = model.layers.map((l) => l.name);
    const shown = names.length > 12 ? [...names.slice(0, 4), '…', ...names.slice(-8)] : names;
    throw new ExtractorError(
      'LAYER_NOT_FOUND',
      `Layer "${layer}" is not in model "${model.name}"; its ${names.length} layers include: ${shown.join(', ')}.`,
    );
  }
  const shape = found.outputShape;
  const rank = Array.isArray(shape[0]) ? -1 : shape.length;
  if (rank === -1) {
    throw new ExtractorError(
      'LAYER_NOT_FOUND',
      `Layer "${layer}" has several outputs; tap a single-output layer.`,
    );
  }
  if (rank === 2) return { layer, pooling: 'none' };
  return { layer, pooling: pooling ?? (rank === 4 ? 'gap' : 'flatten') };
}

/**
 * Builds (once per tap set) a model whose outputs are the tapped layers, sharing the base model's weights, and —
 * unless `fuse` is false — the fused inference pass that computes the same outputs faster. Free it with
 * `disposeTapPlan`.
 */
export function buildTapPlan(taps: ResolvedTap[], model: tf.LayersModel, fuse = true): TapPlan {
  const layers = [...new Set(taps.map((t) => t.layer))];
  const outputs = layers.map((name) => model.getLayer(name).output as tf.SymbolicTensor);
  const multi = tf.model({ inputs: model.inputs, outputs, name: `${model.name}_taps_${layers.join('_')}` });
  const fused = fuse ? compileFusedForward(model, layers) : undefined;
  return { taps, layers, model: multi, fused };
}

/** Frees what a plan owns (the fused pass's folded weights); the base model is untouched. */
export function disposeTapPlan(plan: TapPlan): void {
  plan.fused?.dispose();
}

/**
 * One forward pass over `rows` images of `size`×`size`×3 (HWC, already normalised), returning each tap as a
 * row-major `[rows, cols]` Float32Array. Every intermediate tensor is disposed.
 */
export async function runTapPlan(
  plan: TapPlan,
  pixels: Float32Array,
  rows: number,
  size: number,
): Promise<{ key: string; data: Float32Array; cols: number }[]> {
  const outputs = tf.tidy(() => {
    const x = tf.tensor4d(pixels, [rows, size, size, 3]);
    const raw = plan.fused ? plan.fused.run(x) : plan.model.predict(x);
    const ys = Array.isArray(raw) ? raw : [raw];
    return plan.taps.map((tap) => {
      let y = ys[plan.layers.indexOf(tap.layer)];
      if (tap.pooling === 'gap') y = tf.mean(y, y.rank === 4 ? [1, 2] : [1]);
      else if (tap.pooling === 'flatten') y = tf.reshape(y, [rows, -1]);
      if (tap.softmax) y = tf.softmax(y as tf.Tensor2D);
      return y as tf.Tensor2D;
    });
  });
  try {
    const datas = await Promise.all(outputs.map((t) => t.data() as Promise<Float32Array>));
    return plan.taps.map((tap, i) => ({ key: tap.key, data: datas[i], cols: outputs[i].shape[1] }));
  } finally {
    tf.dispose(outputs);
  }
}
