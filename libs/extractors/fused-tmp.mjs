import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import path from 'node:path';
setWasmPaths(path.dirname(new URL(import.meta.resolve('@tensorflow/tfjs-backend-wasm')).pathname) + '/');
await tf.setBackend('wasm');
await tf.ready();
const dir = '/work/shared/data/models/darknet-tiny/';
const mj = JSON.parse(readFileSync(dir + 'model.json', 'utf8'));
const handler = {
  load: async () => {
    const specs = mj.weightsManifest.flatMap((g) => g.weights);
    const total = Buffer.concat(mj.weightsManifest.flatMap((g) => g.paths.map((p) => readFileSync(dir + p))));
    return {
      modelTopology: mj.modelTopology,
      weightSpecs: specs,
      weightData: total.buffer.slice(total.byteOffset, total.byteOffset + total.byteLength),
    };
  },
};
const model = await tf.loadLayersModel(handler);
// Build folded program
const prog = [];
const layers = model.layers;
for (let i = 0; i < layers.length; i++) {
  const l = layers[i];
  const cls = l.getClassName();
  if (cls === 'Conv2D') {
    let [k, b] = [l.getWeights()[0], l.getWeights()[1]];
    const next = layers[i + 1];
    let act = 'linear',
      alpha = 0;
    if (next && next.getClassName() === 'BatchNormalization') {
      const [gamma, beta, mean, variance] = next.getWeights();
      const eps = next.getConfig().epsilon;
      const s = tf.div(gamma, tf.sqrt(tf.add(variance, eps)));
      k = tf.mul(k, s);
      b = tf.sub(beta, tf.mul(mean, s)).add(b ? tf.mul(b, s) : 0);
      i++;
      if (layers[i + 1]?.getClassName() === 'LeakyReLU') {
        act = 'leakyrelu';
        alpha = layers[i + 1].getConfig().alpha;
        i++;
      }
    }
    prog.push({ op: 'conv', k, b, act, alpha, pad: l.getConfig().padding, strides: l.getConfig().strides });
  } else if (cls === 'MaxPooling2D') {
    const c = l.getConfig();
    prog.push({ op: 'pool', size: c.poolSize, strides: c.strides, pad: c.padding });
  } else if (cls === 'GlobalAveragePooling2D') prog.push({ op: 'gap' });
  else if (cls !== 'InputLayer') throw new Error(cls);
}
const run = (x) =>
  tf.tidy(() => {
    for (const p of prog) {
      if (p.op === 'conv')
        x = tf.fused.conv2d({
          x,
          filter: p.k,
          strides: p.strides,
          pad: p.pad,
          bias: p.b,
          activation: p.act,
          leakyreluAlpha: p.alpha,
        });
      else if (p.op === 'pool') x = tf.maxPool(x, p.size, p.strides, p.pad);
      else x = tf.mean(x, [1, 2]);
    }
    return x;
  });
const x = tf.randomUniform([8, 224, 224, 3]);
const a = model.predict(x),
  bb = run(x);
console.log(
  'max abs diff',
  tf.max(tf.abs(tf.sub(a, bb))).dataSync()[0],
  'max',
  tf.max(tf.abs(a)).dataSync()[0],
);
for (const b of [1, 16]) {
  const xb = tf.randomUniform([b, 224, 224, 3]);
  for (const [name, f] of [
    ['layers', (y) => model.predict(y)],
    ['folded', run],
  ]) {
    for (let w = 0; w < 2; w++) tf.tidy(() => f(xb).dataSync());
    const t = performance.now();
    const reps = Math.max(3, Math.ceil(48 / b));
    for (let r = 0; r < reps; r++) tf.tidy(() => f(xb).dataSync());
    console.log(name, 'batch', b, ((performance.now() - t) / reps / b).toFixed(1), 'ms/img');
  }
}
