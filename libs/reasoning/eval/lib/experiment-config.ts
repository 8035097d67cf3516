import type { TapSpec } from '@clusterflow/extractors';

/** The shared photo sets (read-only). */
export const DATA_ROOT = '/work/shared/data/images';

/** Photo sets the harness extracts (folder trees `dataset/class/image`, imagenet-val via labels.csv). */
export const DATASETS = ['pets', 'flowers', 'imagenet4', 'imagenet-val', 'dog-breeds'] as const;

/** Taps per model: class space, softmax and pooled penultimate features (DESIGN.md "Reasoning"). */
export const MODEL_TAPS: Record<string, TapSpec[]> = {
  'darknet-tiny': [
    'classSpace',
    'softmax',
    { layer: 'leaky_re_lu_14', pooling: 'gap' },
    { layer: 'leaky_re_lu_15', pooling: 'gap' },
  ],
  'mobilenet-v1-0.75-224': ['classSpace', 'softmax', 'penultimate'],
};
