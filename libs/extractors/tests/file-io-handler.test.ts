import { readFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { ExtractorError } from '../src/errors/extractor-error.js';
import { fileSystemIOHandler } from '../src/model/file-io-handler.js';

const darknetJson = new URL('../models/darknet-tiny/model.json', import.meta.url).pathname;

describe('fileSystemIOHandler', () => {
  it('joins every shard in manifest order: bytes equal the declared weights (4,185,952)', async () => {
    const handler = fileSystemIOHandler(darknetJson);
    if (handler.load === undefined) throw new Error('handler has no load()');
    const artifacts = await handler.load();
    const specs = artifacts.weightSpecs ?? [];
    const declared = specs.reduce((sum, s) => sum + s.shape.reduce((a, b) => a * b, 1) * 4, 0);
    expect(declared).toBe(4_185_952);
    const data = artifacts.weightData as ArrayBuffer;
    expect(data.byteLength).toBe(declared);
    // The first shard's bytes come first, the last shard's last.
    const manifest = JSON.parse(await readFile(darknetJson, 'utf8')).weightsManifest as { paths: string[] }[];
    const dir = new URL('../models/darknet-tiny/', import.meta.url);
    const first = await readFile(new URL(manifest[0].paths[0], dir));
    const lastGroup = manifest[manifest.length - 1];
    const last = await readFile(new URL(lastGroup.paths[lastGroup.paths.length - 1], dir));
    expect(Buffer.from(data, 0, first.byteLength).equals(first)).toBe(true);
    expect(Buffer.from(data, data.byteLength - last.byteLength).equals(last)).toBe(true);
  });

  it('loads as a layers model with the expected input and output', async () => {
    await tf.setBackend('cpu');
    const model = await tf.loadLayersModel(fileSystemIOHandler(darknetJson));
    expect(model.inputs[0].shape).toEqual([null, 224, 224, 3]);
    expect(model.outputs[0].shape).toEqual([null, 1000]);
    model.dispose();
  });

  it('a missing model.json is MODEL_NOT_FOUND', async () => {
    const { load } = fileSystemIOHandler('/nonexistent/model.json');
    const error = await load?.().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExtractorError);
    expect((error as ExtractorError).code).toBe('MODEL_NOT_FOUND');
  });
});
