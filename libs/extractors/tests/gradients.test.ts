import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../src/backend/select-backend.js';
import { registerWasmGradients } from '../src/gradients/register-wasm-gradients.js';
import { fileSystemIOHandler } from '../src/model/file-io-handler.js';

const darknetJson = new URL('../models/darknet-tiny/model.json', import.meta.url).pathname;

/** Deterministic values in [-1, 1) (mulberry32), so every run compares the same tensors. */
function noise(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}

/** Runs `f` on one backend and returns its result as a plain array (tensors made inside `f` are freed). */
async function on(backend: 'wasm' | 'cpu', f: () => tf.Tensor): Promise<Float32Array> {
  await tf.setBackend(backend);
  const t = tf.tidy(f);
  const values = (await t.data()) as Float32Array;
  t.dispose();
  return values;
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return dot / Math.sqrt(na * nb);
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

beforeAll(async () => {
  registerWasmGradients();
  await selectBackend('wasm');
});

describe('registerWasmGradients', () => {
  it('is idempotent and touches only the wasm backend', () => {
    expect(registerWasmGradients()).toEqual([]);
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    // cpu keeps its own kernels
    expect(tf.getKernel('MaxPoolGrad', 'cpu')?.kernelFunc).not.toBe(
      tf.getKernel('MaxPoolGrad', 'wasm')?.kernelFunc,
    );
  });
});

describe('MaxPoolGrad on wasm', () => {
  it('routes dy to the arg-max of each window, also where the maximum is negative (hand-computed)', async () => {
    // 4×4 input, 2×2 windows, stride 2. Bottom-left window is all negative: its max −0.1 sits at (3,1).
    const x = [
      [0.0, 0.9, 0.1, 0.5],
      [0.3, 0.4, 0.6, 0.2],
      [-0.7, -0.5, -0.3, -0.2],
      [-0.8, -0.1, -0.9, 0.4],
    ];
    const dy = [1, 2, 3, 4]; // weights of the four pooled outputs, row-major
    const expected = [
      [0, 1, 0, 0],
      [0, 0, 2, 0],
      [0, 0, 0, 0],
      [0, 3, 0, 4],
    ];
    const g = await on('wasm', () =>
      tf.grad((a: tf.Tensor) =>
        tf
          .maxPool(a as tf.Tensor4D, 2, 2, 'valid')
          .mul(tf.tensor4d(dy, [1, 2, 2, 1]))
          .sum(),
      )(tf.tensor4d(x.flat(), [1, 4, 4, 1])),
    );
    expect(Array.from(g)).toEqual(expected.flat());
  });

  it('matches the cpu backend on random inputs with same/valid padding, odd sizes and 3×3/2 windows', async () => {
    const cases: { shape: [number, number, number, number]; k: number; s: number; pad: 'same' | 'valid' }[] =
      [
        { shape: [2, 6, 6, 5], k: 2, s: 2, pad: 'same' },
        { shape: [1, 7, 5, 3], k: 2, s: 2, pad: 'same' },
        { shape: [1, 7, 7, 4], k: 3, s: 2, pad: 'valid' },
        { shape: [1, 6, 6, 2], k: 3, s: 1, pad: 'same' },
      ];
    for (const [i, c] of cases.entries()) {
      const n = c.shape.reduce((a, b) => a * b, 1);
      const xs = noise(n, 11 + i);
      const run = (): tf.Tensor => {
        const pooled = (a: tf.Tensor4D): tf.Tensor4D => tf.maxPool(a, c.k, c.s, c.pad);
        const outShape = pooled(tf.zeros(c.shape) as tf.Tensor4D).shape;
        const w = tf.tensor(
          noise(
            outShape.reduce((a, b) => a * b, 1),
            99 + i,
          ),
          outShape,
        );
        return tf.grad((a: tf.Tensor) =>
          pooled(a as tf.Tensor4D)
            .mul(w)
            .sum(),
        )(tf.tensor4d(xs, c.shape));
      };
      expect(maxAbsDiff(await on('wasm', run), await on('cpu', run))).toBeLessThan(1e-6);
    }
  });
});

describe('Conv2D gradients on wasm', () => {
  const cases: {
    x: [number, number, number, number];
    f: [number, number, number, number];
    s: number;
    pad: 'same' | 'valid' | number;
  }[] = [
    { x: [1, 8, 8, 3], f: [3, 3, 3, 4], s: 1, pad: 'same' },
    { x: [2, 7, 9, 2], f: [3, 3, 2, 5], s: 1, pad: 'valid' },
    { x: [1, 6, 6, 3], f: [2, 2, 3, 2], s: 1, pad: 'same' }, // even kernel: asymmetric padding
    { x: [1, 9, 8, 4], f: [3, 3, 4, 3], s: 2, pad: 'same' }, // stride 2: built-in input kernel
    { x: [1, 5, 5, 6], f: [1, 1, 6, 7], s: 1, pad: 'same' },
    { x: [1, 5, 6, 2], f: [3, 3, 2, 2], s: 1, pad: 2 }, // explicit padding
    { x: [1, 4, 4, 2], f: [3, 3, 2, 2], s: 1, pad: 3 }, // padding ≥ filter: built-in input kernel
  ];
  it('input and filter gradients of conv2d match the cpu backend', async () => {
    for (const [i, c] of cases.entries()) {
      const xs = noise(
        c.x.reduce((a, b) => a * b, 1),
        3 + i,
      );
      const fs = noise(
        c.f.reduce((a, b) => a * b, 1),
        30 + i,
      );
      const grads = (which: 0 | 1) => (): tf.Tensor => {
        const x = tf.tensor4d(xs, c.x);
        const f = tf.tensor4d(fs, c.f);
        const out = tf.conv2d(x, f, c.s, c.pad);
        const w = tf.tensor(noise(out.size, 300 + i), out.shape);
        return tf.grads((a: tf.Tensor, b: tf.Tensor) =>
          tf
            .conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.s, c.pad)
            .mul(w)
            .sum(),
        )([x, f])[which];
      };
      for (const which of [0, 1] as const) {
        const w = await on('wasm', grads(which));
        const cpu = await on('cpu', grads(which));
        expect(maxAbsDiff(w, cpu)).toBeLessThan(1e-4);
      }
    }
  });

  it('the fused conv with bias and leaky relu (what layers use) has the cpu gradients', async () => {
    const xs = noise(1 * 6 * 6 * 3, 5);
    const fs = noise(3 * 3 * 3 * 4, 6);
    const bs = noise(4, 7);
    const run = (which: 0 | 1 | 2) => (): tf.Tensor => {
      const w = tf.tensor(noise(6 * 6 * 4, 8), [1, 6, 6, 4]);
      const f = (x: tf.Tensor, k: tf.Tensor, b: tf.Tensor): tf.Tensor =>
        tf.fused
          .conv2d({
            x: x as tf.Tensor4D,
            filter: k as tf.Tensor4D,
            strides: 1,
            pad: 'same',
            bias: b,
            activation: 'leakyrelu',
            leakyreluAlpha: 0.1,
          })
          .mul(w)
          .sum();
      return tf.grads(f)([tf.tensor4d(xs, [1, 6, 6, 3]), tf.tensor4d(fs, [3, 3, 3, 4]), tf.tensor1d(bs)])[
        which
      ];
    };
    for (const which of [0, 1, 2] as const) {
      expect(maxAbsDiff(await on('wasm', run(which)), await on('cpu', run(which)))).toBeLessThan(1e-4);
    }
  });
});

describe('depthwise conv gradients on wasm (MobileNet)', () => {
  it('input and filter gradients match the cpu backend across strides, multipliers, kernel sizes and padding', async () => {
    const cases: {
      x: [number, number, number, number];
      f: [number, number, number, number];
      s: number;
      d: number;
      pad: 'same' | 'valid';
    }[] = [
      { x: [1, 8, 8, 3], f: [3, 3, 3, 1], s: 1, d: 1, pad: 'same' },
      { x: [2, 9, 7, 4], f: [3, 3, 4, 2], s: 2, d: 1, pad: 'same' },
      { x: [1, 9, 9, 2], f: [3, 3, 2, 1], s: 2, d: 1, pad: 'valid' },
      { x: [1, 6, 5, 2], f: [5, 5, 2, 3], s: 1, d: 1, pad: 'same' }, // tfjs has no dilated depthwise gradient
    ];
    for (const [i, c] of cases.entries()) {
      const xs = noise(
        c.x.reduce((a, b) => a * b, 1),
        400 + i,
      );
      const fs = noise(
        c.f.reduce((a, b) => a * b, 1),
        500 + i,
      );
      const grads = (which: 0 | 1) => (): tf.Tensor => {
        const x = tf.tensor4d(xs, c.x);
        const f = tf.tensor4d(fs, c.f);
        const conv = (a: tf.Tensor, b: tf.Tensor): tf.Tensor4D =>
          tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.s, c.pad, 'NHWC', c.d);
        const out = conv(x, f);
        const w = tf.tensor(noise(out.size, 600 + i), out.shape);
        return tf.grads((a: tf.Tensor, b: tf.Tensor) => conv(a, b).mul(w).sum())([x, f])[which];
      };
      for (const which of [0, 1] as const) {
        expect(maxAbsDiff(await on('wasm', grads(which)), await on('cpu', grads(which)))).toBeLessThan(1e-4);
      }
    }
  });
});

describe('Tile and UnsortedSegmentSum on wasm', () => {
  it('tile matches cpu for float32, int32 and bool over several ranks', async () => {
    const cases: { shape: number[]; reps: number[] }[] = [
      { shape: [1, 1, 1, 5], reps: [2, 7, 6, 1] },
      { shape: [2, 3], reps: [3, 2] },
      { shape: [4], reps: [3] },
      { shape: [2, 1, 3], reps: [1, 4, 2] },
      { shape: [3, 2], reps: [0, 2] },
    ];
    for (const [i, c] of cases.entries()) {
      const n = c.shape.reduce((a, b) => a * b, 1);
      const v = noise(n, 50 + i);
      for (const dtype of ['float32', 'int32', 'bool'] as const) {
        const run = (): tf.Tensor => {
          const values =
            dtype === 'float32' ? v : Array.from(v, (a) => (dtype === 'bool' ? a > 0 : Math.round(a * 9)));
          return tf.tile(tf.tensor(values as number[], c.shape, dtype), c.reps).cast('float32');
        };
        const w = await on('wasm', run);
        expect(w.length).toBe(c.shape.reduce((a, s, d) => a * s * c.reps[d], 1));
        expect(Array.from(w)).toEqual(Array.from(await on('cpu', run)));
      }
    }
  });

  it('gather has a gradient: rows gathered twice get their dy summed', async () => {
    const g = await on('wasm', () =>
      tf.grad((x: tf.Tensor) =>
        tf
          .gather(x, [2, 0, 2], 0)
          .mul(
            tf.tensor2d([
              [1, 2],
              [3, 4],
              [5, 6],
            ]),
          )
          .sum(),
      )(tf.zeros([4, 2])),
    );
    expect(Array.from(g)).toEqual([3, 4, 0, 0, 6, 8, 0, 0]);
  });
});

describe('darknet-tiny input gradient on wasm', () => {
  // The real darknet-tiny weights on a 32×32 input (the layers are size-agnostic up to the global pooling),
  // so the cpu backend's gradient stays cheap.
  let small: tf.LayersModel;
  const target = 173; // tabby
  beforeAll(async () => {
    await tf.setBackend('wasm');
    const model = await tf.loadLayersModel(fileSystemIOHandler(darknetJson));
    const input = tf.input({ shape: [32, 32, 3] });
    let y = input;
    for (const layer of model.layers.slice(1)) y = layer.apply(y) as tf.SymbolicTensor;
    small = tf.model({ inputs: input, outputs: y });
  });
  const logit = (x: tf.Tensor): tf.Scalar =>
    (small.apply(x) as tf.Tensor).mul(tf.oneHot([target], 1000)).sum();
  const image = Float32Array.from(noise(32 * 32 * 3, 2024), (v) => 0.5 + 0.5 * v);

  it('has cosine ≥ 0.999 with the cpu backend gradient', async () => {
    const run = (): tf.Tensor => tf.grad(logit)(tf.tensor4d(image, [1, 32, 32, 3]));
    const w = await on('wasm', run);
    const c = await on('cpu', run);
    expect(cosine(w, c)).toBeGreaterThan(0.999);
  });

  it('agrees with central finite differences along the gradient and half-random directions', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor4d(image, [1, 32, 32, 3]);
    const g = tf.grad(logit)(x);
    // Random directions alone carry ~|g|/√3072 of slope, below float32 finite-difference noise, so each
    // direction keeps a gradient component: the slope is large and the random part still tests its shape.
    const eps = 0.003;
    for (let k = 0; k < 3; k++) {
      const [analytic, numeric] = tf.tidy(() => {
        const r = tf.tensor4d(noise(image.length, 700 + k), x.shape);
        const mix = g
          .div(g.norm())
          .mul(k === 0 ? 1 : 0.5)
          .add(r.div(r.norm()).mul(k === 0 ? 0 : 0.5));
        const unit = mix.div(mix.norm());
        const up = logit(x.add(unit.mul(eps)));
        const down = logit(x.sub(unit.mul(eps)));
        return [
          g.mul(unit).sum().dataSync()[0],
          up
            .sub(down)
            .div(2 * eps)
            .dataSync()[0],
        ];
      });
      expect(Math.abs(analytic - numeric)).toBeLessThan(0.01 * Math.abs(analytic));
    }
    tf.dispose([x, g]);
  });
});
