import { ExtractorError } from '../errors/extractor-error.js';
import { createExtractor, type Extractor, type TapMatrix } from '../extractor.js';
import type { ImageSource } from '../image/decode-image.js';
import type { BackendPreference } from '../backend/select-backend.js';
import { parseTap } from '../taps/parse-tap.js';
import { tapKey } from '../taps/tap-plan.js';
import { combineTapViews } from './combine-taps.js';
import { getFeatureSpace, type FeatureSpaceDescriptor } from './feature-space-registry.js';
import { flipHorizontal } from './flip-horizontal.js';

/** Options for `createFeatureSpaceExtractor`. */
export interface FeatureSpaceExtractorOptions {
  /** TF.js backend for every model of the space. Default `auto` (see `createExtractor`). */
  backend?: BackendPreference;
  /** Images per forward pass. Default 16. */
  batchSize?: number;
}

/** Extracts one combined feature row per image in a named feature space (see `createFeatureSpaceExtractor`). */
export interface FeatureSpaceExtractor {
  /** The registry entry being extracted. */
  readonly space: FeatureSpaceDescriptor;
  /** One row per image, `space.dimension` values, in input order. */
  extract(
    images: readonly ImageSource[],
    onBatch?: (done: number, total: number) => void,
  ): Promise<TapMatrix>;
  /** Like `extract` for images already decoded per model (`pixels[model]`: `rows` images from that model's `decode`). */
  extractDecoded(pixels: Readonly<Record<string, Float32Array>>, rows: number): Promise<TapMatrix>;
  /** Disposes the models; extracting afterwards throws `INVALID_ARGUMENT`. */
  dispose(): void;
}

/**
 * Loads every model a registered feature space reads (bundled or registered models only) and returns an extractor
 * of its combined rows: per model one forward pass per view (all its taps at once), views averaged per tap, then
 * `combineTapViews`.
 */
export async function createFeatureSpaceExtractor(
  name: string,
  options: FeatureSpaceExtractorOptions = {},
): Promise<FeatureSpaceExtractor> {
  const space = getFeatureSpace(name);
  const batchSize = options.batchSize ?? 16;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new ExtractorError('INVALID_ARGUMENT', `batchSize must be a positive integer, got ${batchSize}.`);
  }
  const models = [...new Set(space.taps.map((t) => t.model))];
  const extractors = new Map<string, Extractor>();
  for (const model of models)
    extractors.set(model, await createExtractor({ model, backend: options.backend }));
  let disposed = false;

  const run = async (pixels: Readonly<Record<string, Float32Array>>, rows: number): Promise<TapMatrix> => {
    if (disposed)
      throw new ExtractorError('INVALID_ARGUMENT', 'This feature-space extractor has been disposed.');
    const perTap: TapMatrix[][] = space.taps.map(() => []);
    for (const [model, extractor] of extractors) {
      const own = pixels[model];
      if (own === undefined) {
        throw new ExtractorError(
          'INVALID_ARGUMENT',
          `No decoded pixels for model "${model}" of "${space.name}".`,
        );
      }
      const specs = space.taps.filter((t) => t.model === model).map((t) => parseTap(t.tap));
      for (const view of space.views) {
        const input = view === 'hflip' ? flipHorizontal(own, rows, extractor.descriptor.inputSize) : own;
        const result = await extractor.extractPixels(input, rows, specs);
        space.taps.forEach((t, i) => {
          if (t.model === model) perTap[i].push(result[tapKey(parseTap(t.tap))]);
        });
      }
    }
    return combineTapViews(perTap);
  };

  return {
    space,
    extractDecoded: run,
    async extract(images, onBatch) {
      const out = new Float32Array(images.length * space.dimension);
      for (let start = 0; start < images.length; start += batchSize) {
        const part = images.slice(start, start + batchSize);
        const pixels: Record<string, Float32Array> = {};
        for (const [model, extractor] of extractors) {
          const size = extractor.descriptor.inputSize;
          const decoded = await Promise.all(part.map((image) => extractor.decode(image)));
          const joined = new Float32Array(part.length * size * size * 3);
          decoded.forEach((d, i) => joined.set(d, i * size * size * 3));
          pixels[model] = joined;
        }
        const rows = await run(pixels, part.length);
        out.set(rows.data, start * space.dimension);
        onBatch?.(start + part.length, images.length);
      }
      return { data: out, rows: images.length, cols: space.dimension };
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const e of extractors.values()) e.dispose();
    },
  };
}
