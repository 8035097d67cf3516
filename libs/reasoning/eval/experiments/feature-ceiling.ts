import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { CACHE_ROOT } from '../lib/activation-cache.js';

/** One feature set's supervised ceiling (see peers/feature_ceiling.py). */
export interface FeatureCeilingRow {
  name: string;
  photos: number;
  dimensions: number;
  /** 5-fold cross-validated logistic-regression accuracy per photo, %. */
  photoAccuracy: number;
  /** Task → reader (`argmax` | `bayes`) → accuracy %. */
  tasks: Record<string, Record<'argmax' | 'bayes', number>>;
}

export interface FeatureCeilingResult {
  dataset: string;
  classes: string[];
  triplets: number;
  seed: number;
  python: string;
  rows: FeatureCeilingRow[];
}

interface FeaturePart {
  model: string;
  file: string;
  cols: number;
}

const PYTHON = process.env.EVAL_PYTHON ?? '/usr/bin/python3';
const SCRIPT = path.resolve(import.meta.dirname, '../peers/feature_ceiling.py');

const DARKNET_14: FeaturePart = { model: 'darknet-tiny', file: 'leaky_re_lu_14_gap.f32', cols: 512 };
const DARKNET_CLASS: FeaturePart = { model: 'darknet-tiny', file: 'classSpace.f32', cols: 1000 };
const MOBILENET_PENULTIMATE: FeaturePart = {
  model: 'mobilenet-v1-0.75-224',
  file: 'penultimate.f32',
  cols: 768,
};

/**
 * How well could any label-based relation reader do on these photos with these CNN features? A scikit-learn
 * logistic regression, cross-validated on the dataset's own labels, gives every photo a held-out posterior; the
 * peer script then reads seeded triplets from those posteriors. Returns undefined (with a log line) when the
 * Python peer is missing, so the rest of the evaluation still runs.
 */
export function runFeatureCeiling(options: {
  dataset: string;
  classes: string[];
  triplets?: number;
  seed?: number;
  log?: (line: string) => void;
}): FeatureCeilingResult | undefined {
  const log = options.log ?? (() => undefined);
  const triplets = options.triplets ?? 2000;
  const seed = options.seed ?? 1;
  const cache = path.join(CACHE_ROOT, 'acts', options.dataset);
  const features = [
    { name: 'darknet-tiny / leaky_re_lu_14:gap', parts: [DARKNET_14] },
    { name: 'darknet-tiny / classSpace', parts: [DARKNET_CLASS] },
    { name: 'mobilenet-v1-0.75-224 / penultimate', parts: [MOBILENET_PENULTIMATE] },
    {
      name: 'both models: leaky_re_lu_14:gap + classSpace + penultimate',
      parts: [DARKNET_14, DARKNET_CLASS, MOBILENET_PENULTIMATE],
    },
  ].filter((f) => f.parts.every((p) => existsSync(path.join(cache, p.model, p.file))));
  if (!existsSync(PYTHON) || features.length === 0) {
    log(`  feature ceiling skipped (${!existsSync(PYTHON) ? `no ${PYTHON}` : 'no cached activations'})`);
    return undefined;
  }
  const job = { cache, classes: options.classes, triplets, seed, features };
  const run = spawnSync(PYTHON, [SCRIPT], {
    input: JSON.stringify(job),
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (run.status !== 0) {
    log(
      `  feature ceiling failed (is python3-sklearn installed?): ${run.stderr.trim().split('\n').slice(-1)[0]}`,
    );
    return undefined;
  }
  const parsed = JSON.parse(run.stdout) as Omit<FeatureCeilingResult, 'dataset' | 'python'>;
  return { dataset: options.dataset, python: PYTHON, ...parsed };
}
