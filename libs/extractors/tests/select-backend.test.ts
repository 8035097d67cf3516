import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { selectBackend, type ModuleImporter } from '../src/backend/select-backend.js';
import { ExtractorError } from '../src/errors/extractor-error.js';

const missing: ModuleImporter = async (specifier) => {
  throw new Error(`Cannot find package '${specifier}' imported from select-backend.ts`);
};

/** Behaves like installing tfjs-node: importing it registers a "tensorflow" backend (here backed by cpu kernels). */
function installed(only: string): { importer: ModuleImporter; imported: string[] } {
  const imported: string[] = [];
  const importer: ModuleImporter = async (specifier) => {
    imported.push(specifier);
    if (specifier !== only) throw new Error(`Cannot find package '${specifier}'`);
    const cpuFactory = tf.findBackendFactory('cpu');
    if (cpuFactory === null) throw new Error('cpu backend missing');
    tf.registerBackend('tensorflow', cpuFactory);
    return {};
  };
  return { importer, imported };
}

afterEach(async () => {
  if (tf.findBackendFactory('tensorflow') !== null) tf.removeBackend('tensorflow');
  await tf.setBackend('cpu');
});

describe('selectBackend', () => {
  it('falls back to wasm when neither tfjs-node package is installed, and logs one line', async () => {
    const lines: string[] = [];
    const choice = await selectBackend('auto', (line) => lines.push(line), missing);
    expect(choice.kind).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(choice.simd).toBe(true);
    expect(choice.threads).toBeGreaterThanOrEqual(1);
    expect(choice.skipped).toHaveLength(2);
    expect(choice.skipped[0]).toMatch(/^tensorflow-gpu: Cannot find package '@tensorflow\/tfjs-node-gpu'/);
    expect(choice.skipped[1]).toMatch(/^tensorflow: Cannot find package '@tensorflow\/tfjs-node'/);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/TF\.js backend: wasm \(simd on, threads \d+\), requested auto/);
  });

  it('the real importer also lands on wasm here (tfjs-node cannot install on this machine)', async () => {
    const choice = await selectBackend();
    expect(choice.kind).toBe('wasm');
  });

  it('prefers tfjs-node-gpu when it is present', async () => {
    const { importer, imported } = installed('@tensorflow/tfjs-node-gpu');
    const choice = await selectBackend('auto', undefined, importer);
    expect(choice.kind).toBe('tensorflow-gpu');
    expect(choice.tfBackend).toBe('tensorflow');
    expect(tf.getBackend()).toBe('tensorflow');
    expect(imported).toEqual(['@tensorflow/tfjs-node-gpu']);
  });

  it('takes tfjs-node when only the CPU build is present', async () => {
    const { importer, imported } = installed('@tensorflow/tfjs-node');
    const choice = await selectBackend('auto', undefined, importer);
    expect(choice.kind).toBe('tensorflow');
    expect(imported).toEqual(['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']);
    expect(choice.skipped).toHaveLength(1);
  });

  it('an explicit override that is unavailable throws BACKEND_UNAVAILABLE with an install hint', async () => {
    const error = await selectBackend('tensorflow-gpu', undefined, missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExtractorError);
    expect((error as ExtractorError).code).toBe('BACKEND_UNAVAILABLE');
    expect((error as ExtractorError).message).toMatch(/npm install @tensorflow\/tfjs-node-gpu@4\.22\.0/);
  });

  it('an explicit override never falls back, even if a faster one exists', async () => {
    const { importer, imported } = installed('@tensorflow/tfjs-node');
    const choice = await selectBackend('cpu', undefined, importer);
    expect(choice.kind).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(imported).toEqual([]);
  });

  it('rejects an unknown preference and lists the allowed ones', async () => {
    const error = await selectBackend('cuda' as 'auto', undefined, missing).catch((e: unknown) => e);
    expect((error as ExtractorError).code).toBe('BACKEND_UNAVAILABLE');
    expect((error as ExtractorError).message).toMatch(/auto, tensorflow-gpu, tensorflow, wasm, cpu/);
  });
});
