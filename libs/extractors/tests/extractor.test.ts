import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExtractor, type Extractor } from '../src/extractor.js';
import { ExtractorError } from '../src/errors/extractor-error.js';
import type { TapSpec } from '../src/model/model-registry.js';

const fixture = (name: string): string => new URL(`./fixtures/${name}`, import.meta.url).pathname;
const sharedImages = new URL('../../../../shared/data/images/imagenet-val/', import.meta.url).pathname;

function softmax(logits: Float32Array): Float64Array {
  let max = -Infinity;
  for (const v of logits) max = Math.max(max, v);
  const out = new Float64Array(logits.length);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += out[i] = Math.exp(logits[i] - max);
  for (let i = 0; i < out.length; i++) out[i] /= sum;
  return out;
}

let extractor: Extractor;
const logLines: string[] = [];

beforeAll(async () => {
  extractor = await createExtractor({ logger: (line) => logLines.push(line) });
});
afterAll(() => extractor.dispose());

describe('createExtractor (darknet-tiny, bundled)', () => {
  it('defaults to darknet-tiny on the wasm backend here, and logs the choice once', () => {
    expect(extractor.descriptor.name).toBe('darknet-tiny');
    expect(extractor.backend.kind).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(logLines).toHaveLength(1);
    expect(logLines[0]).toMatch(/backend: wasm/);
    expect(extractor.labels[0].name).toBe('kit fox');
    expect(extractor.labels[356].name).toBe('daisy');
  });

  it('ranks bow tie, suit and military uniform in the top 5 for Grace Hopper', async () => {
    const { top } = await extractor.classify(fixture('grace_hopper.jpg'));
    const names = top.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['bow tie', 'suit', 'military uniform']));
    expect(top.map((t) => t.probability)).toEqual([...top.map((t) => t.probability)].sort((a, b) => b - a));
  });

  it('finds "palace" for china.jpg and "daisy" for flower.jpg (top 5)', async () => {
    const china = await extractor.classify(fixture('china.jpg'));
    const flower = await extractor.classify(fixture('flower.jpg'));
    expect(china.top.map((t) => t.name)).toContain('palace');
    const daisy = flower.top.find((t) => t.name === 'daisy');
    expect(daisy?.index).toBe(356);
    expect(daisy?.wnid).toBe('n11939491');
  });

  it('puts the true class of labelled ImageNet validation photos in the top 5 (darknet_index)', async () => {
    const rows = readFileSync(`${sharedImages}labels.csv`, 'utf8').trim().split('\n').slice(1, 33);
    const photos = rows.map((row) => {
      const [file, , , , darknetIndex] = row.split(',');
      return { file: sharedImages + file, truth: Number(darknetIndex) };
    });
    const { softmax: probs } = await extractor.extract(
      photos.map((p) => p.file),
      { taps: ['softmax'], batchSize: 16 },
    );
    let top1 = 0;
    let top5 = 0;
    photos.forEach((photo, r) => {
      const row = probs.data.subarray(r * 1000, (r + 1) * 1000);
      const rank = row.reduce((n, p) => n + (p > row[photo.truth] ? 1 : 0), 0);
      if (rank === 0) top1++;
      if (rank < 5) top5++;
    });
    // The published figures on the 300 photos are 63.7 % top-1 and 88.7 % top-5.
    expect(top5 / photos.length).toBeGreaterThanOrEqual(0.8);
    expect(top1 / photos.length).toBeGreaterThanOrEqual(0.5);
  });

  it('classSpace is the last layer (GlobalAveragePooling2D) and softmax(classSpace) is the softmax tap', async () => {
    const layers = extractor.model.layers;
    expect(extractor.descriptor.classSpace.layer).toBe(layers[layers.length - 1].name);
    expect(layers[layers.length - 1].getClassName()).toBe('GlobalAveragePooling2D');
    const pixels = await extractor.decode(fixture('china.jpg'));
    const taps = await extractor.extractPixels(pixels, 1, ['classSpace', 'softmax']);
    const direct = tf.tidy(() => extractor.model.predict(tf.tensor4d(pixels, [1, 224, 224, 3])) as tf.Tensor);
    const modelOut = direct.dataSync();
    direct.dispose();
    const classSpace = taps['classSpace'].data;
    // The extractor runs the fused pass (BatchNormalization folded into the convolutions): float32 rounding only.
    for (let i = 0; i < 1000; i++) expect(classSpace[i]).toBeCloseTo(modelOut[i], 4);
    const expected = softmax(classSpace);
    let sum = 0;
    for (let i = 0; i < 1000; i++) {
      expect(taps['softmax'].data[i]).toBeCloseTo(expected[i], 6);
      sum += taps['softmax'].data[i];
    }
    expect(sum).toBeCloseTo(1, 4);
    // Logits are dense and signed (DESIGN: no exact zero over 2,400 photos).
    expect(classSpace.some((v) => v < 0) && classSpace.some((v) => v > 0)).toBe(true);
  });

  it('several taps come from one pass; gap of a flattened conv map equals the gap tap', async () => {
    const result = await extractor.extract([fixture('flower.jpg'), fixture('china.jpg')], {
      taps: ['penultimate', { layer: 'leaky_re_lu_15', pooling: 'flatten' }, { layer: 'leaky_re_lu_14' }],
    });
    expect(Object.keys(result)).toEqual(['penultimate', 'leaky_re_lu_15:flatten', 'leaky_re_lu_14']);
    const pen = result['penultimate'];
    const flat = result['leaky_re_lu_15:flatten'];
    expect([pen.rows, pen.cols]).toEqual([2, 128]);
    expect([flat.rows, flat.cols]).toEqual([2, 14 * 14 * 128]);
    expect(result['leaky_re_lu_14'].cols).toBe(512);
    for (let r = 0; r < 2; r++) {
      for (const c of [0, 5, 77, 127]) {
        let mean = 0;
        for (let p = 0; p < 196; p++) mean += flat.data[r * flat.cols + p * 128 + c] / 196;
        expect(pen.data[r * 128 + c]).toBeCloseTo(mean, 4);
      }
    }
  });

  it('class-space vectors are deterministic and do not depend on batch composition', async () => {
    const a = await extractor.extract([fixture('grace_hopper.jpg')]);
    const b = await extractor.extract([fixture('grace_hopper.jpg')]);
    expect(Buffer.from(a['classSpace'].data.buffer).equals(Buffer.from(b['classSpace'].data.buffer))).toBe(
      true,
    );
    const batch = await extractor.extract(
      [fixture('china.jpg'), fixture('grace_hopper.jpg'), fixture('flower.jpg')],
      {
        batchSize: 2,
      },
    );
    const second = batch['classSpace'].data.subarray(1000, 2000);
    for (let i = 0; i < 1000; i += 37) expect(second[i]).toBeCloseTo(a['classSpace'].data[i], 4);
  });

  it('resizeKernel and limitInputPixels reach the decoder', async () => {
    const nearest = await createExtractor({ resizeKernel: 'nearest', limitInputPixels: 300_000 });
    try {
      const a = await extractor.decode(fixture('china.jpg'));
      const b = await nearest.decode(fixture('china.jpg'));
      let differing = 0;
      for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) differing++;
      expect(differing / a.length).toBeGreaterThan(0.3);
      // china.jpg is 640×427 = 273,280 pixels, grace_hopper.jpg 512×600 = 307,200.
      await expect(nearest.decode(fixture('grace_hopper.jpg'))).rejects.toMatchObject({
        code: 'IMAGE_TOO_LARGE',
      });
    } finally {
      nearest.dispose();
    }
  });

  it('unknown layers are LAYER_NOT_FOUND, unknown models MODEL_NOT_FOUND', async () => {
    const error = await extractor
      .extract([fixture('china.jpg')], { taps: [{ layer: 'conv2d_99' }] })
      .catch((e) => e);
    expect(error).toBeInstanceOf(ExtractorError);
    expect((error as ExtractorError).code).toBe('LAYER_NOT_FOUND');
    expect((error as ExtractorError).message).toMatch(/global_average_pooling2d_1/);
    const missing = await createExtractor({ model: 'resnet-9000' }).catch((e) => e);
    expect((missing as ExtractorError).code).toBe('MODEL_NOT_FOUND');
    expect((missing as ExtractorError).message).toMatch(/darknet-tiny, mobilenet-v1-0\.75-224/);
  });

  it('a bad image in a batch rejects with its typed error and leaks nothing', async () => {
    const before = tf.memory().numTensors;
    const error = await extractor.extract([fixture('china.jpg'), fixture('README.md')]).catch((e) => e);
    expect((error as ExtractorError).code).toBe('NOT_AN_IMAGE');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('leaves tf.memory().numTensors where it started after many extractions', async () => {
    const files = [fixture('china.jpg'), fixture('flower.jpg'), fixture('grace_hopper.jpg')];
    // The first pass of a tap set compiles its plan (folded weights the extractor keeps until dispose()).
    await extractor.extract(files.slice(0, 1), { taps: ['classSpace', 'softmax', 'penultimate'] });
    await extractor.classify(files[0]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 6; i++) {
      await extractor.extract(files, { taps: ['classSpace', 'softmax', 'penultimate'], batchSize: 2 });
      await extractor.classify(files[i % 3]);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('fused and unfused extractors give the same activations, and dispose() frees everything they made', async () => {
    const start = tf.memory().numTensors;
    const lines: string[] = [];
    const fused = await createExtractor({ logger: (l) => lines.push(l) });
    const plain = await createExtractor({ fuseLayers: false, logger: (l) => lines.push(l) });
    const taps: TapSpec[] = [
      'classSpace',
      { layer: 'leaky_re_lu_14', pooling: 'gap' },
      { layer: 'conv2d_4' },
    ];
    const files = [fixture('china.jpg'), fixture('flower.jpg')];
    const a = await fused.extract(files, { taps });
    const b = await plain.extract(files, { taps });
    for (const key of Object.keys(b)) {
      let scale = 0;
      let worst = 0;
      b[key].data.forEach((v, i) => {
        scale = Math.max(scale, Math.abs(v));
        worst = Math.max(worst, Math.abs(v - a[key].data[i]));
      });
      expect(a[key].cols).toBe(b[key].cols);
      expect(worst / scale).toBeLessThan(1e-5);
    }
    expect(
      lines.some((l) => /fused inference \(14 BatchNormalization folded, 14 activations fused\)/.test(l)),
    ).toBe(true);
    expect(lines.some((l) => /layers model as loaded \(fuseLayers: false\)/.test(l))).toBe(true);
    fused.dispose();
    plain.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });
});
