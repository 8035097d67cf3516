import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../src/backend/select-backend.js';
import { isExtractorError } from '../src/errors/extractor-error.js';
import { synthesizeFoolingImage, type FoolingStep } from '../src/fooling/synthesize-fooling-image.js';
import { registerWasmGradients } from '../src/gradients/register-wasm-gradients.js';
import { getModel } from '../src/model/model-registry.js';

const DAISY = 356; // darknet-tiny order; converges in a handful of steps

let darknet: tf.LayersModel;

beforeAll(async () => {
  registerWasmGradients();
  await selectBackend('wasm');
  darknet = await getModel('darknet-tiny').load();
});

afterAll(() => darknet.dispose());

/** Softmax of darknet-tiny for a PNG, decoded independently of the code under test. */
async function classify(png: Buffer): Promise<Float32Array> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  expect([info.width, info.height, info.channels]).toEqual([224, 224, 3]);
  const probs = tf.tidy(() =>
    tf.softmax(
      darknet.predict(
        tf.tensor4d(
          Float32Array.from(data, (v) => v / 255),
          [1, 224, 224, 3],
        ),
      ) as tf.Tensor,
    ),
  );
  const values = (await probs.data()) as Float32Array;
  probs.dispose();
  return values;
}

describe('synthesizeFoolingImage', () => {
  it('reaches ≥ 99 % for its target after the PNG round trip, without leaking tensors', async () => {
    const before = tf.memory().numTensors;
    const steps: FoolingStep[] = [];
    const result = await synthesizeFoolingImage(darknet, {
      targetClass: DAISY,
      seed: 1,
      onStep: (s) => steps.push(s),
    });
    expect(tf.memory().numTensors).toBe(before);

    expect(result.converged).toBe(true);
    expect(result.targetClass).toBe(DAISY);
    expect(result.pixels.length).toBe(224 * 224 * 3);
    const probs = await classify(result.png);
    expect(probs[DAISY]).toBeGreaterThanOrEqual(0.99);
    expect(result.confidence).toBeCloseTo(probs[DAISY], 4);
    expect(result.topClass).toBe(DAISY);
    // pixels are exactly what the PNG holds
    const decoded = await sharp(result.png).removeAlpha().raw().toBuffer();
    expect(Buffer.compare(decoded, Buffer.from(result.pixels))).toBe(0);
    // one report per step, the last one being the step that crossed the threshold
    expect(steps.map((s) => s.step)).toEqual(Array.from({ length: result.steps }, (_, i) => i + 1));
    expect(steps[steps.length - 1].confidence).toBeGreaterThanOrEqual(0.99);
    expect(steps.slice(0, -1).every((s) => s.confidence < 0.99)).toBe(true);
    // it is not a photo: far from any single colour, with pixels spread over the range
    const mean = result.pixels.reduce((a, b) => a + b, 0) / result.pixels.length;
    const sd = Math.sqrt(result.pixels.reduce((a, b) => a + (b - mean) ** 2, 0) / result.pixels.length);
    expect(sd).toBeGreaterThan(10);
  });

  it('is deterministic for a seed and differs between seeds', async () => {
    const run = (seed: number): Promise<Uint8Array> =>
      synthesizeFoolingImage(darknet, { targetClass: DAISY, seed, maxSteps: 1 }).then((r) => r.pixels);
    const [a, b, c] = [await run(5), await run(5), await run(6)];
    expect(Buffer.compare(Buffer.from(a), Buffer.from(b))).toBe(0);
    expect(Buffer.compare(Buffer.from(a), Buffer.from(c))).not.toBe(0);
  });

  it('with maxSteps 0 returns the seeded starting noise, unconverged', async () => {
    const r = await synthesizeFoolingImage(darknet, { targetClass: DAISY, seed: 3, maxSteps: 0, noise: 0.2 });
    expect(r.steps).toBe(0);
    expect(r.converged).toBe(false);
    // mid-grey ± 0.2 → bytes in [round(0.3·255), round(0.7·255)]
    expect(r.pixels.reduce((a, b) => Math.min(a, b), 255)).toBeGreaterThanOrEqual(76);
    expect(r.pixels.reduce((a, b) => Math.max(a, b), 0)).toBeLessThanOrEqual(179);
    expect(r.confidence).toBeLessThan(0.5);
  });

  it('rejects bad options with typed errors that name the allowed range', async () => {
    const bad = [
      { targetClass: 1000 },
      { targetClass: -1 },
      { targetClass: 1.5 },
      { targetClass: DAISY, stepSize: 0 },
      { targetClass: DAISY, targetConfidence: 1.5 },
      { targetClass: DAISY, jitter: -1 },
    ];
    for (const options of bad) {
      const error = await synthesizeFoolingImage(darknet, options).catch((e: unknown) => e);
      expect(isExtractorError(error, 'INVALID_ARGUMENT')).toBe(true);
    }
    const error = await synthesizeFoolingImage(darknet, { targetClass: 1000 }).catch((e: unknown) => e);
    expect(String(error)).toContain('[0, 999]');
  });

  it('works on MobileNet ([-1,1] input, softmax output): the target probability rises', async () => {
    const mobilenet = await getModel('mobilenet-v1-0.75-224').load();
    try {
      const options = {
        targetClass: 985,
        seed: 1,
        normalisation: '-1..1',
        outputKind: 'probabilities',
      } as const; // daisy (Keras order)
      const start = await synthesizeFoolingImage(mobilenet, { ...options, maxSteps: 0 });
      const after = await synthesizeFoolingImage(mobilenet, { ...options, maxSteps: 3 });
      expect(after.steps).toBeGreaterThan(0);
      expect(after.confidence).toBeGreaterThan(start.confidence * 10);
    } finally {
      mobilenet.dispose();
    }
  });
});
