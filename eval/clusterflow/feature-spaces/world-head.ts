import { trainHeadSpace, type TrainHeadSpaceOptions } from '@clusterflow/deep-clustering';
import { applyWorldSpace, selectExamples, type LabelledExamples } from '@clusterflow/reasoning';
import type { PointMatrix } from '@clusterflow/clusterflow';
import { stratifiedSplit } from '../lib/split.js';
import type { HeadChoice } from './study-result.js';

/** The head losses the within-domain study compares (issue 17 item 2). */
export const HEAD_LOSSES = ['silhouette', 'cosine-corel'] as const;
/** One of {@link HEAD_LOSSES}. */
export type HeadLoss = (typeof HEAD_LOSSES)[number];

/** How every world head is trained (trainEmbeddingHead's defaults, wasm, a fixed seed). */
export const HEAD_OPTIONS: TrainHeadSpaceOptions = Object.freeze({
  dim: 16,
  hidden: [128],
  epochs: 30,
  seed: 0,
  backend: 'wasm',
});

/** Share of `check` rows whose nearest `fit` row (L2) has the same first label. */
export function nearestNeighbourAccuracy(
  fit: PointMatrix,
  fitLabels: readonly string[],
  check: PointMatrix,
  checkLabels: readonly string[],
): number {
  let right = 0;
  for (let i = 0; i < check.rows; i++) {
    let best = Infinity;
    let label = '';
    for (let j = 0; j < fit.rows; j++) {
      let d = 0;
      for (let c = 0; c < fit.cols; c++) {
        const v = check.data[i * check.cols + c] - fit.data[j * fit.cols + c];
        d += v * v;
      }
      if (d < best) {
        best = d;
        label = fitLabels[j];
      }
    }
    if (label === checkLabels[i]) right++;
  }
  return right / Math.max(1, check.rows);
}

/**
 * Chooses the head loss on the build half alone: a stratified 50/50 split of it (seed), a head per loss trained on
 * one part, 1-NN accuracy of the other part in the head's space; the plain space is the baseline.
 */
export async function chooseHeadLoss(build: LabelledExamples, seed: number): Promise<HeadChoice> {
  const split = stratifiedSplit(build.labelSets, 0.5, seed);
  const fit = selectExamples(build, split.train);
  const check = selectExamples(build, split.test);
  const fl = fit.labelSets.map((l) => l[0]);
  const cl = check.labelSets.map((l) => l[0]);
  const accuracy: Record<string, number> = { none: nearestNeighbourAccuracy(fit, fl, check, cl) };
  for (const loss of HEAD_LOSSES) {
    const space = await trainHeadSpace(fit, { ...HEAD_OPTIONS, loss });
    accuracy[loss] = nearestNeighbourAccuracy(
      applyWorldSpace(space, fit),
      fl,
      applyWorldSpace(space, check),
      cl,
    );
  }
  const chosen = HEAD_LOSSES.reduce(
    (a, l) => (accuracy[l] > accuracy[a] ? l : a),
    HEAD_LOSSES[0] as HeadLoss,
  );
  return { fit: fit.rows, check: check.rows, accuracy, chosen };
}
