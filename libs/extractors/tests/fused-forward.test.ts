import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../src/backend/select-backend.js';
import { compileFusedForward } from '../src/model/fused-forward.js';
import { getModel } from '../src/model/model-registry.js';

/** Largest |a − b| relative to the largest |a|. */
function relativeError(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] / tf.max(tf.abs(a)).dataSync()[0]);
}

/** Layers-model outputs of `names` for `x`, as the reference. */
function reference(model: tf.LayersModel, names: string[], x: tf.Tensor4D): tf.Tensor[] {
  const probe = tf.model({
    inputs: model.inputs,
    outputs: names.map((n) => model.getLayer(n).output as tf.SymbolicTensor),
  });
  const out = probe.predict(x);
  return Array.isArray(out) ? out : [out];
}

let darknet: tf.LayersModel;
beforeAll(async () => {
  await selectBackend('wasm', () => undefined);
  darknet = await getModel('darknet-tiny').load();
});
afterAll(() => darknet.dispose());

describe('compileFusedForward', () => {
  it("folds darknet-tiny's 15 BatchNormalization + LeakyReLU groups and matches the layers model", () => {
    const last = darknet.layers[darknet.layers.length - 1].name;
    const names = ['leaky_re_lu_14', last];
    const before = tf.memory().numTensors;
    const fused = compileFusedForward(darknet, names);
    expect(fused).toBeDefined();
    expect(fused?.foldedBatchNorms).toBe(15);
    expect(fused?.fusedActivations).toBe(15);
    const x = tf.randomUniform([2, 224, 224, 3], 0, 1, 'float32', 7) as tf.Tensor4D;
    const got = fused?.run(x) ?? [];
    const want = reference(darknet, names, x);
    expect(got.map((t) => t.shape)).toEqual(want.map((t) => t.shape));
    for (let i = 0; i < names.length; i++) expect(relativeError(want[i], got[i])).toBeLessThan(1e-5);
    tf.dispose([x, ...got, ...want]);
    fused?.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('keeps a group unfused where one of its inner layers is tapped', () => {
    const names = ['conv2d_3', 'batch_normalization_5', 'leaky_re_lu_9'];
    const fused = compileFusedForward(darknet, names);
    // conv2d_3 is read before its BatchNormalization (nothing folded there), batch_normalization_5 before its
    // LeakyReLU (folded, not fused); the run stops at leaky_re_lu_9.
    expect(fused?.foldedBatchNorms).toBe(14);
    expect(fused?.fusedActivations).toBe(13);
    const x = tf.randomUniform([1, 224, 224, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
    const got = fused?.run(x) ?? [];
    const want = reference(darknet, names, x);
    for (let i = 0; i < names.length; i++) expect(relativeError(want[i], got[i])).toBeLessThan(1e-5);
    tf.dispose([x, ...got, ...want]);
    fused?.dispose();
  });

  it('folds MobileNet v1 (DepthwiseConv2D, ReLU6 activations, Dropout, Reshape) with the same softmax', async () => {
    const mobilenet = await getModel('mobilenet-v1-0.75-224').load();
    const last = mobilenet.layers[mobilenet.layers.length - 1].name;
    const fused = compileFusedForward(mobilenet, [last]);
    expect(fused?.foldedBatchNorms).toBe(27);
    expect(fused?.fusedActivations).toBe(27);
    const x = tf.randomUniform([1, 224, 224, 3], -1, 1, 'float32', 5) as tf.Tensor4D;
    const [got] = fused?.run(x) ?? [];
    const [want] = reference(mobilenet, [last], x);
    expect(relativeError(want, got)).toBeLessThan(1e-4);
    tf.dispose([x, got, want]);
    fused?.dispose();
    mobilenet.dispose();
  });

  it('handles bias, center/scale off, depth multipliers, a conv with its own activation and trailing layers', () => {
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({
          inputShape: [12, 12, 3],
          filters: 4,
          kernelSize: 3,
          padding: 'same',
          useBias: true,
          name: 'c1',
        }),
        tf.layers.batchNormalization({ center: false, name: 'bn1' }),
        tf.layers.reLU({ maxValue: 6, name: 'r1' }),
        tf.layers.depthwiseConv2d({
          kernelSize: 3,
          depthMultiplier: 2,
          strides: 2,
          padding: 'valid',
          name: 'd1',
        }),
        tf.layers.batchNormalization({ scale: false, name: 'bn2' }),
        tf.layers.activation({ activation: 'elu', name: 'a2' }),
        tf.layers.conv2d({ filters: 5, kernelSize: 1, activation: 'relu', name: 'c3' }),
        tf.layers.batchNormalization({ name: 'bn3' }),
        tf.layers.maxPooling2d({ poolSize: 2, name: 'p3' }),
        tf.layers.flatten({ name: 'f' }),
        tf.layers.dense({ units: 3, name: 'out' }),
      ],
    });
    // Non-trivial moving statistics, so folding is actually exercised.
    for (const name of ['bn1', 'bn2', 'bn3']) {
      const layer = model.getLayer(name);
      layer.setWeights(
        layer
          .getWeights()
          .map((w, i, all) =>
            i === all.length - 1
              ? tf.randomUniform(w.shape, 0.5, 2, 'float32', i + 11)
              : tf.randomNormal(w.shape, 0, 1, 'float32', i + 17),
          ),
      );
    }
    const fused = compileFusedForward(model, ['out']);
    // c3 has its own relu, so bn3 stays a layer.
    expect(fused?.foldedBatchNorms).toBe(2);
    expect(fused?.fusedActivations).toBe(2);
    const x = tf.randomNormal([3, 12, 12, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
    const [got] = fused?.run(x) ?? [];
    const want = model.predict(x) as tf.Tensor;
    expect(relativeError(want, got)).toBeLessThan(1e-5);
    tf.dispose([x, got, want]);
    fused?.dispose();
    model.dispose();
  });

  it('declines models that are not a chain', () => {
    const input = tf.input({ shape: [8, 8, 3] });
    const a = tf.layers.conv2d({ filters: 3, kernelSize: 1 }).apply(input) as tf.SymbolicTensor;
    const sum = tf.layers.add().apply([a, input]) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: sum });
    expect(compileFusedForward(model, [model.layers[model.layers.length - 1].name])).toBeUndefined();
    model.dispose();
  });
});
