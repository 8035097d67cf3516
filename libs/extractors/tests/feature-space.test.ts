import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { combineTapViews } from '../src/feature-space/combine-taps.js';
import {
  createFeatureSpaceExtractor,
  type FeatureSpaceExtractor,
} from '../src/feature-space/feature-space-extractor.js';
import {
  getFeatureSpace,
  listFeatureSpaces,
  registerFeatureSpace,
} from '../src/feature-space/feature-space-registry.js';
import { flipHorizontal } from '../src/feature-space/flip-horizontal.js';
import { createExtractor } from '../src/extractor.js';
import { ExtractorError } from '../src/errors/extractor-error.js';

const fixture = (name: string): string => new URL(`./fixtures/${name}`, import.meta.url).pathname;

describe('flipHorizontal', () => {
  it('mirrors each image row left to right, channel triples kept together', () => {
    // one 2×2 RGB image: row 0 = [a, b], row 1 = [c, d]
    const px = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect([...flipHorizontal(px, 1, 2)]).toEqual([4, 5, 6, 1, 2, 3, 10, 11, 12, 7, 8, 9]);
  });
});

describe('combineTapViews', () => {
  it('averages views, takes √, L2-normalises each tap and weighs taps by 1/√taps', () => {
    const a = { data: Float32Array.from([0, 8]), rows: 1, cols: 2 }; // views of tap 0: mean [1, 4] → √ [1, 2]
    const b = { data: Float32Array.from([2, 0]), rows: 1, cols: 2 };
    const c = { data: Float32Array.from([9, -1, 0]), rows: 1, cols: 3 }; // tap 1: √max(0,·) = [3, 0, 0]
    const out = combineTapViews([[a, b], [c]]);
    expect(out.cols).toBe(5);
    const s = 1 / Math.sqrt(2);
    const expected = [(1 / Math.sqrt(5)) * s, (2 / Math.sqrt(5)) * s, s, 0, 0];
    out.data.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
  });

  it('refuses views of different widths, saying which tap', () => {
    const a = { data: new Float32Array(2), rows: 1, cols: 2 };
    const b = { data: new Float32Array(3), rows: 1, cols: 3 };
    expect(() => combineTapViews([[a, b]])).toThrow(/Tap 0/);
  });
});

describe('feature-space registry', () => {
  it('lists the bundled spaces with their documented dimensions', () => {
    expect(listFeatureSpaces()).toEqual(expect.arrayContaining(['mobilenet-pooled', 'dual-pooled-flip']));
    expect(getFeatureSpace('mobilenet-pooled').dimension).toBe(768);
    expect(getFeatureSpace('dual-pooled-flip').dimension).toBe(1280);
    expect(getFeatureSpace('dual-pooled-flip').views).toEqual(['orig', 'hflip']);
  });

  it('names the known spaces when one is missing', () => {
    expect(() => getFeatureSpace('nope')).toThrow(/known feature spaces: .*dual-pooled-flip/);
    expect(() => getFeatureSpace('nope')).toThrow(ExtractorError);
  });
});

describe('feature-space extractors (bundled models, wasm)', () => {
  let flip: FeatureSpaceExtractor;
  let noFlip: FeatureSpaceExtractor;
  beforeAll(async () => {
    const d = getFeatureSpace('dual-pooled-flip');
    registerFeatureSpace({ name: 'test-dual-pooled', description: 'no TTA', taps: d.taps, views: ['orig'] });
    flip = await createFeatureSpaceExtractor('dual-pooled-flip', { backend: 'wasm' });
    noFlip = await createFeatureSpaceExtractor('test-dual-pooled', { backend: 'wasm' });
  });
  afterAll(() => {
    flip.dispose();
    noFlip.dispose();
  });

  it('gives one unit-length row of the documented dimension per photo, the same on a second run', async () => {
    const files = [fixture('flower.jpg'), fixture('china.jpg')];
    const x = await flip.extract(files);
    expect([x.rows, x.cols]).toEqual([2, 1280]);
    for (let r = 0; r < 2; r++) {
      let n = 0;
      for (let j = 0; j < x.cols; j++) n += x.data[r * x.cols + j] ** 2;
      expect(n).toBeCloseTo(1, 5);
    }
    expect(await flip.extract(files)).toEqual(x);
  });

  it('averages the flipped view: a mirror-symmetric image gives the same row with and without TTA', async () => {
    const pixels: Record<string, Float32Array> = {};
    for (const model of ['darknet-tiny', 'mobilenet-v1-0.75-224']) {
      const e = await createExtractor({ model, backend: 'wasm' });
      const p = await e.decode(fixture('flower.jpg'));
      const m = flipHorizontal(p, 1, e.descriptor.inputSize);
      pixels[model] = p.map((v, i) => (v + m[i]) / 2); // symmetric: equal to its own mirror image
      e.dispose();
    }
    const withTta = await flip.extractDecoded(pixels, 1);
    const without = await noFlip.extractDecoded(pixels, 1);
    withTta.data.forEach((v, i) => expect(v).toBeCloseTo(without.data[i], 5));
  });

  it('on an asymmetric photo the TTA row differs from the plain one', async () => {
    const withTta = await flip.extract([fixture('grace_hopper.jpg')]);
    const without = await noFlip.extract([fixture('grace_hopper.jpg')]);
    let diff = 0;
    withTta.data.forEach((v, i) => (diff += Math.abs(v - without.data[i])));
    expect(diff).toBeGreaterThan(1e-2);
  });
});
