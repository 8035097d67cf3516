import { createReadStream } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExtractor, type Extractor } from '../src/extractor.js';
import {
  bundledModelsDir,
  getModel,
  listModels,
  registerModelFrom,
  type ModelDescriptor,
} from '../src/model/model-registry.js';

const fixture = (name: string): string => new URL(`./fixtures/${name}`, import.meta.url).pathname;

let mobilenet: Extractor;
beforeAll(async () => {
  mobilenet = await createExtractor({ model: 'mobilenet-v1-0.75-224' });
});
afterAll(() => mobilenet.dispose());

describe('model registry', () => {
  it('carries each model its own input range, output kind and label order', async () => {
    expect(listModels()).toEqual(expect.arrayContaining(['darknet-tiny', 'mobilenet-v1-0.75-224']));
    const darknet = getModel('darknet-tiny');
    const mobile = getModel('mobilenet-v1-0.75-224');
    expect([darknet.normalisation, darknet.outputKind]).toEqual(['0..1', 'logits']);
    expect([mobile.normalisation, mobile.outputKind]).toEqual(['-1..1', 'probabilities']);
    // The same class sits at different output positions: Darknet order vs Keras order.
    const [dl, ml] = await Promise.all([darknet.labels(), mobile.labels()]);
    expect(dl[356]).toMatchObject({ name: 'daisy', wnid: 'n11939491' });
    expect(ml[985]).toMatchObject({ name: 'daisy', wnid: 'n11939491' });
    expect(dl[173].name).toBe('tabby');
    expect(ml[281].name).toBe('tabby');
    expect(bundledModelsDir()).toMatch(/libs\/extractors\/models\/$/);
  });

  it('mobilenet: softmax tap is the model output and equals softmax(conv_preds class space)', async () => {
    const result = await mobilenet.extract([fixture('china.jpg')], {
      taps: ['classSpace', 'softmax', 'penultimate'],
    });
    expect(result['penultimate'].cols).toBe(768);
    const logits = result['classSpace'].data;
    const probs = result['softmax'].data;
    let max = -Infinity;
    for (const v of logits) max = Math.max(max, v);
    let sum = 0;
    for (const v of logits) sum += Math.exp(v - max);
    for (let i = 0; i < 1000; i += 7) expect(probs[i]).toBeCloseTo(Math.exp(logits[i] - max) / sum, 5);
  });

  it('mobilenet classifies the Debian photos in Keras order', async () => {
    const hopper = await mobilenet.classify(fixture('grace_hopper.jpg'));
    expect(hopper.top.map((t) => t.name)).toEqual(
      expect.arrayContaining(['military uniform', 'suit', 'bow tie']),
    );
    const china = await mobilenet.classify(fixture('china.jpg'));
    expect(china.top[0]).toMatchObject({ index: 698, name: 'palace' });
  });

  it('registers a user model from a local folder, inferring the class-space layer', async () => {
    const descriptor: ModelDescriptor = registerModelFrom({
      name: 'my-mobilenet',
      source: `${bundledModelsDir()}mobilenet-v1-0.75-224`,
      inputSize: 224,
      normalisation: '-1..1',
      outputKind: 'probabilities',
      labels: `${bundledModelsDir()}mobilenet-v1-0.75-224/labels.json`,
    });
    expect(getModel('my-mobilenet')).toBe(descriptor);
    const before = tf.memory().numTensors;
    const mine = await createExtractor({ model: 'my-mobilenet' });
    try {
      expect(descriptor.classSpace.layer).toBe('reshape_2');
      const { top } = await mine.classify(fixture('china.jpg'), 1);
      expect(top[0].name).toBe('palace');
    } finally {
      mine.dispose();
    }
    // Disposing the extractor frees its weights and cached tap models, nothing more.
    expect(tf.memory().numTensors).toBe(before);
  });

  it('registers a model served over HTTP (tf.io.http), labels fetched from a URL', async () => {
    const root = bundledModelsDir();
    const requested: string[] = [];
    const server: Server = createServer((req, res) => {
      const rel = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/+/, '');
      requested.push(rel);
      const file = path.join(root, rel);
      if (!file.startsWith(root)) return void res.writeHead(403).end();
      createReadStream(file)
        .on('error', () => res.writeHead(404).end())
        .pipe(res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/darknet-tiny/`;
    try {
      registerModelFrom({
        name: 'darknet-over-http',
        source: `${base}model.json`,
        inputSize: 224,
        normalisation: '0..1',
        outputKind: 'logits',
        labels: `${base}labels.json`,
        classSpace: { layer: 'global_average_pooling2d_1' },
        penultimate: { layer: 'leaky_re_lu_15' },
      });
      const remote = await createExtractor({ model: 'darknet-over-http' });
      try {
        const { top } = await remote.classify(fixture('flower.jpg'), 5);
        expect(top.map((t) => t.name)).toContain('daisy');
      } finally {
        remote.dispose();
      }
      expect(requested).toEqual(
        expect.arrayContaining(['darknet-tiny/model.json', 'darknet-tiny/group31-shard1of1']),
      );
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
