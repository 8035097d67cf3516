import type { ScoredLabel } from './label-overlap.js';
import { softmax } from '../membership/world-membership.js';
import type { World } from '../world/world.js';

/** Which of an image's scored labels are kept (`labelsFromWorld`, `labelsFromCnn`). */
export interface LabelChoiceOptions {
  /** At most this many labels per image (the paper: up to 5). Default 5. */
  readonly maxLabels?: number;
  /**
   * Keep a label only if its score ≥ this fraction of the top label's score. Default 0.5 for `labelsFromWorld`,
   * 0 (keep all) for `labelsFromCnn`.
   */
  readonly minRelativeScore?: number;
}

/**
 * A world's guessed labels for one image, for relational reasoning. Images beyond the world's calibrated
 * threshold still get the tree's guess here (threshold ∞): a relation needs labels for every image, and the
 * membership answer reports separately that the image is outside.
 */
export function labelsFromWorld(
  world: World,
  point: Float32Array | Float64Array,
  options: LabelChoiceOptions = {},
): ScoredLabel[] {
  const maxLabels = options.maxLabels ?? 5;
  const guess = world.tree.guess(point, { ...world.guess, topK: maxLabels, worldEscapeThreshold: Infinity });
  return keepStrong(
    guess.labels.map((l) => ({ label: l.label, score: l.score })),
    maxLabels,
    options.minRelativeScore ?? 0.5,
  );
}

/** The CNN's top labels (softmax probabilities) for one image, e.g. its top-5 as in the paper. */
export function labelsFromCnn(
  scores: ArrayLike<number>,
  kind: 'logits' | 'probabilities',
  names: readonly string[],
  options: LabelChoiceOptions = {},
): ScoredLabel[] {
  const maxLabels = options.maxLabels ?? 5;
  const probs = kind === 'logits' ? softmax(scores) : Float64Array.from(scores as ArrayLike<number>);
  const order = Array.from(probs.keys())
    .sort((a, b) => probs[b] - probs[a])
    .slice(0, maxLabels);
  return keepStrong(
    order.map((i) => ({ label: names[i] ?? String(i), score: probs[i] })),
    maxLabels,
    options.minRelativeScore ?? 0,
  );
}

function keepStrong(labels: ScoredLabel[], maxLabels: number, minRelative: number): ScoredLabel[] {
  if (labels.length === 0) return labels;
  const top = labels[0].score;
  return labels.filter((l, i) => i === 0 || l.score >= minRelative * top).slice(0, maxLabels);
}
