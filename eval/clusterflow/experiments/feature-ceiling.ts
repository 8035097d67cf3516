import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { TapSpec } from '@clusterflow/extractors';
import { activationDir, cachedActivations } from '../lib/activation-cache.js';
import { DATA_ROOT, MODEL_TAPS } from '../lib/experiment-config.js';
import { setsOf } from '../lib/held-out.js';

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

/** darknet-tiny's stages (the LeakyReLU after each 3×3 / 1×1 conv block), global-average-pooled. */
const DARKNET_STAGES: Array<{ layer: string; cols: number }> = [
  { layer: 'leaky_re_lu_2', cols: 32 },
  { layer: 'leaky_re_lu_4', cols: 128 },
  { layer: 'leaky_re_lu_6', cols: 128 },
  { layer: 'leaky_re_lu_8', cols: 256 },
  { layer: 'leaky_re_lu_10', cols: 256 },
  { layer: 'leaky_re_lu_12', cols: 512 },
  { layer: 'leaky_re_lu_13', cols: 64 },
  { layer: 'leaky_re_lu_14', cols: 512 },
  { layer: 'leaky_re_lu_15', cols: 128 },
];

/**
 * How well could any label-based relation reader do on these photos with these CNN features? A scikit-learn
 * logistic regression, cross-validated on the dataset's own labels, gives every photo a held-out posterior; the
 * peer script then reads seeded triplets from those posteriors. Returns undefined (with a log line) when the
 * Python peer is missing, so the rest of the evaluation still runs.
 */
export async function runFeatureCeiling(options: {
  dataset: string;
  classes: string[];
  triplets?: number;
  seed?: number;
  log?: (line: string) => void;
}): Promise<FeatureCeilingResult | undefined> {
  const log = options.log ?? (() => undefined);
  const triplets = options.triplets ?? 2000;
  const seed = options.seed ?? 1;
  const set = setsOf(DATA_ROOT).find((s) => s.name === options.dataset);
  const missing = options.classes.filter((c) => !set?.classCounts[c]);
  if (!set || missing.length > 0) {
    log(`  feature ceiling skipped: ${options.dataset}/{${missing.join(',')}} not under ${DATA_ROOT}`);
    return undefined;
  }
  // Every darknet stage pooled, so the table also says whether another layer would have done better.
  const stageTaps: TapSpec[] = DARKNET_STAGES.map((s) => ({ layer: s.layer, pooling: 'gap' }));
  await cachedActivations(
    set.name,
    set.images,
    'darknet-tiny',
    [...MODEL_TAPS['darknet-tiny'], ...stageTaps],
    log,
  );
  await cachedActivations(
    set.name,
    set.images,
    'mobilenet-v1-0.75-224',
    MODEL_TAPS['mobilenet-v1-0.75-224'],
    log,
  );
  const stages: FeaturePart[] = DARKNET_STAGES.map((s) => ({
    model: 'darknet-tiny',
    file: `${s.layer}_gap.f32`,
    cols: s.cols,
  }));
  const cache = activationDir(set.name);
  const features = [
    { name: 'darknet-tiny / leaky_re_lu_14:gap', parts: [DARKNET_14] },
    { name: 'darknet-tiny / classSpace', parts: [DARKNET_CLASS] },
    { name: 'mobilenet-v1-0.75-224 / penultimate', parts: [MOBILENET_PENULTIMATE] },
    { name: 'darknet-tiny / all 9 stages (leaky_re_lu_2 … 15, GAP)', parts: stages },
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
