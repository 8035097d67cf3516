import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createExtractor, flipHorizontal, tapKey, type TapSpec } from '@clusterflow/extractors';
import { CACHE_ROOT } from '../lib/activation-cache.js';
import type { DatasetImage } from '../lib/dataset-files.js';

/** A test-time view of a photo: as decoded, or mirrored left to right. */
export type View = 'orig' | 'hflip';

/** Activations of one set × model × view, plus the wasm forward time they took. */
export interface ViewActivations {
  readonly ids: string[];
  readonly labels: string[];
  /** Wall-clock ms per image of decode + forward pass (all taps in one pass), measured when extracted. */
  readonly msPerImage: number;
  tap(key: string): { data: Float32Array; rows: number; cols: number };
}

interface ViewIndex {
  ids: string[];
  labels: string[];
  msPerImage: number;
  taps: Record<string, number>;
}

/** The taps the study reads from each model: every stage GAP-pooled, plus the class scores. */
export const STUDY_TAPS: Record<string, TapSpec[]> = {
  'darknet-tiny': [
    'classSpace',
    { layer: 'leaky_re_lu_8', pooling: 'gap' },
    { layer: 'leaky_re_lu_10', pooling: 'gap' },
    { layer: 'leaky_re_lu_12', pooling: 'gap' },
    { layer: 'leaky_re_lu_14', pooling: 'gap' },
    { layer: 'leaky_re_lu_15', pooling: 'gap' },
  ],
  'mobilenet-v1-0.75-224': [
    'classSpace',
    { layer: 'conv_pw_5_relu', pooling: 'gap' },
    { layer: 'conv_pw_9_relu', pooling: 'gap' },
    { layer: 'conv_pw_11_relu', pooling: 'gap' },
    { layer: 'conv_pw_12_relu', pooling: 'gap' },
    'penultimate',
  ],
};

const safe = (key: string): string => key.replace(/[^\w.-]/g, '_');

/**
 * Cached activations of `images` for one model and view (`tmp/eval-cache/views/<set>/<model>/<view>/`); extracts
 * every study tap in one pass when the cache is missing or holds other photos.
 */
export async function viewActivations(
  set: string,
  images: readonly DatasetImage[],
  model: string,
  view: View,
  log: (line: string) => void,
): Promise<ViewActivations> {
  const dir = path.join(CACHE_ROOT, 'views', set, model, view);
  const indexFile = path.join(dir, 'index.json');
  const taps = STUDY_TAPS[model];
  let index = existsSync(indexFile) ? (JSON.parse(readFileSync(indexFile, 'utf8')) as ViewIndex) : undefined;
  const same =
    index !== undefined &&
    index.ids.join('\n') === images.map((i) => i.id).join('\n') &&
    taps.every((t) => tapKey(t) in (index as ViewIndex).taps);
  if (!same) {
    mkdirSync(dir, { recursive: true });
    const extractor = await createExtractor({ model, backend: 'wasm' });
    const size = extractor.descriptor.inputSize;
    const perImage = size * size * 3;
    const batch = 16;
    const out = new Map<string, { data: Float32Array; cols: number }>();
    const t0 = Date.now();
    for (let start = 0; start < images.length; start += batch) {
      const part = images.slice(start, start + batch);
      const decoded = await Promise.all(part.map((i) => extractor.decode(i.file)));
      let pixels: Float32Array = new Float32Array(part.length * perImage);
      decoded.forEach((d, i) => pixels.set(d, i * perImage));
      if (view === 'hflip') pixels = flipHorizontal(pixels, part.length, size);
      const result = await extractor.extractPixels(pixels, part.length, taps);
      for (const t of taps) {
        const key = tapKey(t);
        const m = result[key];
        let target = out.get(key);
        if (target === undefined) {
          target = { data: new Float32Array(images.length * m.cols), cols: m.cols };
          out.set(key, target);
        }
        target.data.set(m.data, start * m.cols);
      }
      if (start % 160 === 0) log(`  ${set}/${model}/${view}: ${start + part.length}/${images.length}`);
    }
    const msPerImage = (Date.now() - t0) / Math.max(1, images.length);
    extractor.dispose();
    index = { ids: images.map((i) => i.id), labels: images.map((i) => i.labels[0]), msPerImage, taps: {} };
    for (const [key, m] of out) {
      writeFileSync(path.join(dir, `${safe(key)}.f32`), Buffer.from(m.data.buffer));
      index.taps[key] = m.cols;
    }
    writeFileSync(indexFile, JSON.stringify(index));
    log(`  extracted ${set}/${model}/${view}: ${images.length} photos, ${msPerImage.toFixed(1)} ms/photo`);
  }
  const idx = index as ViewIndex;
  return {
    ids: idx.ids,
    labels: idx.labels,
    msPerImage: idx.msPerImage,
    tap(key: string) {
      const cols = idx.taps[key];
      if (cols === undefined) throw new Error(`tap ${key} not cached for ${set}/${model}/${view}`);
      const buf = readFileSync(path.join(dir, `${safe(key)}.f32`));
      const data: Float32Array = new Float32Array(
        buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength),
      );
      return { data, rows: data.length / cols, cols };
    },
  };
}
