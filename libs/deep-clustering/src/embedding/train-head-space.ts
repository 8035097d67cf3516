import type { PointMatrix } from '@clusterflow/clusterflow';
import { MetricLearningError } from '../losses/metric-learning-error.js';
import { headSpace, type HeadSpace } from './head-space.js';
import { trainEmbeddingHead, type TrainEmbeddingHeadOptions } from './train-embedding-head.js';

/** Options of {@link trainHeadSpace}: every `trainEmbeddingHead` option but the data. */
export type TrainHeadSpaceOptions = Omit<TrainEmbeddingHeadOptions, 'features' | 'labels'>;

/**
 * Trains an embedding head on a world's labelled examples (the first label of each row is its class) and returns
 * it as a plain-array {@link HeadSpace}, ready to pass as a world's `space`. The TF.js head is disposed. Same
 * seed, same rows → the same space, bit for bit.
 */
export async function trainHeadSpace(
  examples: PointMatrix & { readonly labelSets: readonly (readonly string[])[] },
  options: TrainHeadSpaceOptions = {},
): Promise<HeadSpace> {
  if (examples.labelSets.length !== examples.rows)
    throw new MetricLearningError(
      'INVALID_INPUT',
      `trainHeadSpace: ${examples.labelSets.length} label sets for ${examples.rows} rows; need one per row`,
    );
  const labels = examples.labelSets.map((ls, i) => {
    if (ls.length === 0)
      throw new MetricLearningError(
        'INVALID_INPUT',
        `trainHeadSpace: row ${i} has no label; every row needs one`,
      );
    return ls[0];
  });
  const head = await trainEmbeddingHead({ ...options, features: examples, labels });
  try {
    return headSpace(head);
  } finally {
    head.dispose();
  }
}
