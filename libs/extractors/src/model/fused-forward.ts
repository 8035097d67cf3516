import * as tf from '@tensorflow/tfjs';

/**
 * An inference-only forward pass over a chain model (every layer fed by the one before it) in which each
 * convolution absorbs the BatchNormalization after it (weights and bias rescaled once) and the activation after
 * that (LeakyReLU, ReLU, ReLU6, ELU, sigmoid) — one fused op instead of three passes over the feature map. On
 * darknet-tiny (15 Conv2D + BatchNormalization + LeakyReLU groups) this cuts the wasm forward pass by about a fifth
 * with outputs equal to the layers model's within float32 rounding (see bench/ and the extractor tests).
 */
export interface FusedForward {
  /** The layers whose outputs `run` returns, in this order. */
  readonly outputs: readonly string[];
  /** How many BatchNormalization layers were folded into convolutions. */
  readonly foldedBatchNorms: number;
  /** How many activation layers were fused into convolutions. */
  readonly fusedActivations: number;
  /** Outputs of `outputs` for a batch `x` (caller owns them; every intermediate is disposed). */
  run(x: tf.Tensor4D): tf.Tensor[];
  /** Frees the folded weights (the base model's weights are untouched). */
  dispose(): void;
}

type FusedActivation = 'linear' | 'relu' | 'relu6' | 'leakyrelu' | 'elu' | 'sigmoid';

type Step =
  | {
      kind: 'conv';
      depthwise: boolean;
      filter: tf.Tensor4D;
      bias: tf.Tensor1D | undefined;
      strides: [number, number];
      pad: 'same' | 'valid';
      dilations: [number, number];
      activation: FusedActivation;
      leakyreluAlpha: number;
      /** Name of the last layer this step stands for (its output is the step's output). */
      name: string;
    }
  | { kind: 'layer'; layer: tf.layers.Layer; name: string };

interface LayerConfig {
  activation?: string;
  alpha?: number;
  maxValue?: number | null;
  dataFormat?: string;
  padding?: string;
  strides?: number | number[];
  dilationRate?: number | number[];
  useBias?: boolean;
  axis?: number | number[];
  epsilon?: number;
  center?: boolean;
  scale?: boolean;
}

const config = (layer: tf.layers.Layer): LayerConfig => layer.getConfig() as LayerConfig;
const pair = (v: number | number[] | undefined, fallback: number): [number, number] =>
  v === undefined ? [fallback, fallback] : typeof v === 'number' ? [v, v] : [v[0], v[1] ?? v[0]];

/** The activation a layer applies, if a fused convolution can apply it instead. */
function fusableActivation(
  layer: tf.layers.Layer,
): { activation: FusedActivation; alpha: number } | undefined {
  const cls = layer.getClassName();
  const c = config(layer);
  if (cls === 'LeakyReLU') return { activation: 'leakyrelu', alpha: c.alpha ?? 0.3 };
  if (cls === 'ReLU') {
    if (c.maxValue === undefined || c.maxValue === null) return { activation: 'relu', alpha: 0 };
    return c.maxValue === 6 ? { activation: 'relu6', alpha: 0 } : undefined;
  }
  if (cls === 'Activation') return convActivation(c.activation);
  return undefined;
}

function convActivation(
  name: string | undefined,
): { activation: FusedActivation; alpha: number } | undefined {
  if (name === undefined || name === 'linear') return { activation: 'linear', alpha: 0 };
  if (name === 'relu' || name === 'relu6' || name === 'elu' || name === 'sigmoid')
    return { activation: name, alpha: 0 };
  return undefined;
}

/**
 * The model's layers after its input, when each is fed by exactly the one before it (the first by the input);
 * undefined for anything else. (`tf.sequential` lists no InputLayer, functional models do.)
 */
function chainLayers(model: tf.LayersModel): tf.layers.Layer[] | undefined {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) return undefined;
  const input = model.inputs[0].sourceLayer;
  const layers = model.layers.filter((l) => l !== input);
  if (layers.length === 0) return undefined;
  let previous = input;
  for (const layer of layers) {
    const node = layer.inboundNodes[0];
    if (node === undefined || node.inboundLayers.length !== 1 || node.inboundLayers[0] !== previous)
      return undefined;
    previous = layer;
  }
  return model.outputs[0].sourceLayer === previous ? layers : undefined;
}

/** γ/√(σ²+ε) and β − μ·γ/√(σ²+ε) of a BatchNormalization layer over the last axis, or undefined. */
function batchNormAffine(layer: tf.layers.Layer): { scale: tf.Tensor1D; shift: tf.Tensor1D } | undefined {
  const c = config(layer);
  const axis = Array.isArray(c.axis) ? c.axis : [c.axis ?? -1];
  if (axis.length !== 1 || (axis[0] !== -1 && axis[0] !== 3)) return undefined;
  const weights = layer.getWeights();
  let k = 0;
  const gamma = c.scale === false ? undefined : weights[k++];
  const beta = c.center === false ? undefined : weights[k++];
  const mean = weights[k++];
  const variance = weights[k++];
  if (mean === undefined || variance === undefined) return undefined;
  return tf.tidy(() => {
    const inv = tf.rsqrt(tf.add(variance, c.epsilon ?? 1e-3));
    const scale = (gamma ? tf.mul(gamma, inv) : inv) as tf.Tensor1D;
    const shifted = tf.neg(tf.mul(mean, scale));
    const shift = (beta ? tf.add(beta, shifted) : shifted) as tf.Tensor1D;
    return { scale, shift };
  });
}

/**
 * Compiles a fused forward pass of `model` that returns the outputs of `outputLayers`. Groups whose inner output is
 * requested stay unfused at that point, so any layer can still be tapped. Returns undefined when the model is not
 * a chain (branches, several inputs or outputs) or uses channels-first convolutions; the caller then runs the
 * layers model as it is.
 */
export function compileFusedForward(
  model: tf.LayersModel,
  outputLayers: readonly string[],
): FusedForward | undefined {
  const layers = chainLayers(model);
  if (layers === undefined) return undefined;
  const wanted = new Set(outputLayers);
  const names = new Set(layers.map((l) => l.name));
  // A wanted layer is never absorbed into a group (fusion stops at it), so every chain layer stays readable.
  if (outputLayers.some((n) => !names.has(n))) return undefined;
  const steps: Step[] = [];
  const owned: tf.Tensor[] = [];
  let foldedBatchNorms = 0;
  let fusedActivations = 0;
  for (let i = 0; i < layers.length; i++) {
    const layer = layers[i];
    const cls = layer.getClassName();
    const c = config(layer);
    const own = convActivation(c.activation);
    if (
      (cls !== 'Conv2D' && cls !== 'DepthwiseConv2D') ||
      c.dataFormat === 'channelsFirst' ||
      own === undefined
    ) {
      steps.push({ kind: 'layer', layer, name: layer.name });
      continue;
    }
    const depthwise = cls === 'DepthwiseConv2D';
    const [kernel, maybeBias] = layer.getWeights();
    let filter = kernel as tf.Tensor4D;
    let bias = c.useBias === false ? undefined : (maybeBias as tf.Tensor1D | undefined);
    let name = layer.name;
    let activation = own;
    const next = layers[i + 1];
    if (own.activation === 'linear' && !wanted.has(name) && next?.getClassName() === 'BatchNormalization') {
      const affine = batchNormAffine(next);
      if (affine !== undefined) {
        const folded = tf.tidy(() => {
          const [kh, kw, inC, m] = filter.shape;
          // Output channel o of a depthwise kernel [kh, kw, in, multiplier] is in·multiplier + m.
          const f = depthwise
            ? tf.reshape(tf.mul(filter, tf.reshape(affine.scale, [inC, m])), [kh, kw, inC, m])
            : tf.mul(filter, affine.scale);
          const b = bias ? tf.add(tf.mul(bias, affine.scale), affine.shift) : tf.clone(affine.shift);
          return { f: f as tf.Tensor4D, b: b as tf.Tensor1D };
        });
        tf.dispose([affine.scale, affine.shift]);
        filter = folded.f;
        bias = folded.b;
        owned.push(filter, bias);
        name = next.name;
        foldedBatchNorms++;
        i++;
      }
    }
    const after = layers[i + 1];
    const act =
      activation.activation === 'linear' && !wanted.has(name) && after ? fusableActivation(after) : undefined;
    if (act !== undefined && act.activation !== 'linear') {
      activation = act;
      name = after.name;
      fusedActivations++;
      i++;
    }
    steps.push({
      kind: 'conv',
      depthwise,
      filter,
      bias,
      strides: pair(c.strides, 1),
      pad: c.padding === 'valid' ? 'valid' : 'same',
      dilations: pair(c.dilationRate, 1),
      activation: activation.activation,
      leakyreluAlpha: activation.alpha,
      name,
    });
  }
  const order = [...outputLayers];
  return {
    outputs: order,
    foldedBatchNorms,
    fusedActivations,
    run(x: tf.Tensor4D): tf.Tensor[] {
      return tf.tidy(() => {
        const found = new Map<string, tf.Tensor>();
        let y: tf.Tensor = x;
        for (const step of steps) {
          if (step.kind === 'layer') {
            y = step.layer.apply(y, { training: false }) as tf.Tensor;
          } else {
            const args = {
              x: y as tf.Tensor4D,
              filter: step.filter,
              strides: step.strides,
              pad: step.pad,
              dilations: step.dilations,
              bias: step.bias,
              activation: step.activation,
              leakyreluAlpha: step.leakyreluAlpha,
            };
            y = step.depthwise ? tf.fused.depthwiseConv2d(args) : tf.fused.conv2d(args);
          }
          if (wanted.has(step.name)) found.set(step.name, y);
          if (found.size === wanted.size) break;
        }
        return order.map((n) => found.get(n) as tf.Tensor);
      });
    },
    dispose(): void {
      tf.dispose(owned);
    },
  };
}
