import path from 'node:path';
import type { TapSpec } from '@clusterflow/extractors';
import { REPO_ROOT } from '../../repo-root.js';

/** The shared data next to the repository (`../shared/data`), read-only. */
export const DEFAULT_DATA_ROOT = path.resolve(REPO_ROOT, '../shared/data/images');

/**
 * Photo sets evaluated: every folder tree `<root>/<dataset>/<class>/<image>` (plus flat sets with a labels.csv).
 * `EVAL_DATA_ROOT` points the harness at another tree (e.g. photos kept back for an independent evaluation).
 */
export const DATA_ROOT = path.resolve(process.env.EVAL_DATA_ROOT ?? DEFAULT_DATA_ROOT);

/**
 * Photos kept back for an independent evaluation (`EVAL_TEST_ROOT`, same `<set>/<class>/<image>` layout): when it
 * holds a set, worlds are built on all of that set's photos under DATA_ROOT and tested on these instead of on an
 * 80/20 split.
 */
export const TEST_ROOT = process.env.EVAL_TEST_ROOT ? path.resolve(process.env.EVAL_TEST_ROOT) : undefined;

/** The solvent table with gaps (paper §4.1); `EVAL_SOLVENTS` overrides it. */
export const SOLVENTS_TABLE = path.resolve(
  process.env.EVAL_SOLVENTS ?? path.join(DEFAULT_DATA_ROOT, '../tables/solvents.csv'),
);

/** Labelled ImageNet validation photos: the geometric threshold of CNN-only sets is calibrated on them. */
export const CALIBRATION_SET = 'imagenet-val';

/** Taps per model: class space, softmax and pooled penultimate features (docs/ARCHITECTURE.md "Reasoning"). */
export const MODEL_TAPS: Record<string, TapSpec[]> = {
  'darknet-tiny': [
    'classSpace',
    'softmax',
    { layer: 'leaky_re_lu_14', pooling: 'gap' },
    { layer: 'leaky_re_lu_15', pooling: 'gap' },
  ],
  'mobilenet-v1-0.75-224': ['classSpace', 'softmax', 'penultimate'],
};
