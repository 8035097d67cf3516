import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TapSpec } from '@clusterflow/extractors';
import { createExtractor, tapKey } from '@clusterflow/extractors';
import type { LabelledExamples } from '@clusterflow/reasoning';
import { REPO_ROOT } from '../../repo-root.js';
import type { DatasetImage } from './dataset-files.js';
import { DATA_ROOT, DEFAULT_DATA_ROOT } from './experiment-config.js';

/** Where activations are cached between harness runs (gitignored). */
export const CACHE_ROOT = path.join(REPO_ROOT, 'tmp/eval-cache');

interface CacheIndex {
  model: string;
  ids: string[];
  files: string[];
  labelSets: string[][];
  taps: Record<string, number>;
}

/**
 * Activations of photos from another root (EVAL_DATA_ROOT, EVAL_TEST_ROOT) live in their own folder, so other
 * photos under the same set names never overwrite the default cache.
 */
function rootScope(root: string): string[] {
  return root === DEFAULT_DATA_ROOT
    ? []
    : ['roots', createHash('sha256').update(root).digest('hex').slice(0, 12)];
}

/** Activations of one dataset under one model: every tap as labelled examples. */
export interface CachedActivations {
  readonly model: string;
  readonly ids: string[];
  readonly labelSets: string[][];
  tap(key: string): LabelledExamples;
}

/**
 * Returns the cached activations of `images` for `model` and `taps`, extracting (once, in one pass over all taps)
 * whatever is missing. `root` is the photo root the images come from (it only picks the cache folder). Cache layout: `<CACHE_ROOT>/acts/<dataset>/<model>/index.json` (under `acts/roots/<hash>/` for another photo root) + `<tap>.f32` (raw
 * little-endian float32, rows × cols).
 */
export async function cachedActivations(
  dataset: string,
  images: readonly DatasetImage[],
  model: string,
  taps: readonly TapSpec[],
  log: (line: string) => void = () => undefined,
  root: string = DATA_ROOT,
): Promise<CachedActivations> {
  const dir = path.join(activationDir(dataset, root), model);
  const indexFile = path.join(dir, 'index.json');
  const keys = taps.map((t) => tapKey(t));
  let index: CacheIndex | undefined = existsSync(indexFile)
    ? (JSON.parse(readFileSync(indexFile, 'utf8')) as CacheIndex)
    : undefined;
  const sameImages = index !== undefined && index.ids.join('\n') === images.map((i) => i.id).join('\n');
  const missing = sameImages ? taps.filter((t) => !(tapKey(t) in (index as CacheIndex).taps)) : [...taps];
  if (missing.length > 0) {
    mkdirSync(dir, { recursive: true });
    const t0 = Date.now();
    const extractor = await createExtractor({ model, backend: 'wasm', logger: log });
    const result = await extractor.extract(
      images.map((i) => i.file),
      {
        taps: [...missing],
        batchSize: 16,
        onBatch: (done, total) => {
          if (done % 160 < 16 || done === total) log(`  ${dataset}/${model}: ${done}/${total} images`);
        },
      },
    );
    extractor.dispose();
    const prevTaps = sameImages ? (index as CacheIndex).taps : {};
    index = {
      model,
      ids: images.map((i) => i.id),
      files: images.map((i) => i.file),
      labelSets: images.map((i) => i.labels),
      taps: { ...prevTaps },
    };
    for (const t of missing) {
      const key = tapKey(t);
      const m = result[key];
      writeFileSync(
        path.join(dir, `${safe(key)}.f32`),
        Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength),
      );
      index.taps[key] = m.cols;
    }
    writeFileSync(indexFile, JSON.stringify(index));
    log(
      `  extracted ${images.length} images of ${dataset} with ${model} (${missing.map(tapKey).join(', ')}) in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );
  }
  const idx = index as CacheIndex;
  const cache = new Map<string, LabelledExamples>();
  return {
    model,
    ids: idx.ids,
    labelSets: idx.labelSets,
    tap(key: string): LabelledExamples {
      if (!keys.includes(key) && !(key in idx.taps))
        throw new Error(`tap ${key} not cached for ${dataset}/${model}`);
      const hit = cache.get(key);
      if (hit) return hit;
      const buf = readFileSync(path.join(dir, `${safe(key)}.f32`));
      const data = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
      const cols = idx.taps[key];
      const ex: LabelledExamples = {
        data,
        rows: data.length / cols,
        cols,
        labelSets: idx.labelSets,
        ids: idx.ids,
      };
      cache.set(key, ex);
      return ex;
    },
  };
}

/** The cache folder of one dataset (all models) of a photo root (default: the run's data root). */
export function activationDir(dataset: string, root: string = DATA_ROOT): string {
  return path.join(CACHE_ROOT, 'acts', ...rootScope(root), dataset);
}

function safe(key: string): string {
  return key.replace(/[^\w.-]/g, '_');
}
