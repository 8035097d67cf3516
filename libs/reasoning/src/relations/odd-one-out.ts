import { rowDistance } from '../distance/row-distance.js';
import { InvalidReasoningInputError } from '../errors/reasoning-error.js';
import { relation, type RelationInput, type RelationOptions } from './relation.js';
import type { RelationAnswer, RelationStrategy } from './relation-types.js';

/** The odd one out of N ≥ 3 images and how it was found. */
export interface OddOneOutAnswer {
  /** Index (0-based) of the odd image. */
  readonly index: number;
  /** In [0, 1]: the relation's confidence when it was SAME_SAME_DIFFERENT, else the forced choice's margin. */
  readonly confidence: number;
  /** Strategy of the relation answer the choice came from. */
  readonly strategy: RelationStrategy;
  /** Human-readable account of the choice; numbers images from 1. */
  readonly explanation: string;
  /** The relation answer the choice came from. */
  readonly relation: RelationAnswer;
}

/**
 * Picks the odd one out. If the relation is SAME_SAME_DIFFERENT with one image apart, that image. Otherwise the
 * choice is forced: the image with the largest summed distance to the others (in the world's metric, cosine by
 * default), with confidence = its share of the summed distances beyond an even split.
 */
export function oddOneOut(input: RelationInput, options: RelationOptions = {}): OddOneOutAnswer {
  const answer = relation(input, options);
  if (answer.oddIndex !== null) {
    return {
      index: answer.oddIndex,
      confidence: answer.confidence,
      strategy: answer.strategy,
      explanation: answer.explanation,
      relation: answer,
    };
  }
  const { vectors } = input;
  const n = vectors.rows;
  if (n < 3) throw new InvalidReasoningInputError(`oddOneOut: need N ≥ 3 images, got ${n}`);
  const metric = options.distance?.metric ?? options.world?.distance?.metric ?? 'cosine';
  const sums = new Float64Array(n);
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const d = rowDistance(vectors.data, i, vectors.data, j, vectors.cols, metric);
      sums[i] += d;
      sums[j] += d;
    }
  let best = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    total += sums[i];
    if (sums[i] > sums[best]) best = i;
  }
  const share = total > 0 ? sums[best] / total : 1 / n;
  return {
    index: best,
    confidence: Math.max(0, (share - 1 / n) / (1 - 1 / n)),
    strategy: answer.strategy,
    explanation: `${answer.relation} by ${answer.strategy}, so no single image stood apart; forced choice: image ${best + 1} has the largest summed ${metric} distance to the others (${sums[best].toFixed(3)}). ${answer.explanation}`,
    relation: answer,
  };
}
