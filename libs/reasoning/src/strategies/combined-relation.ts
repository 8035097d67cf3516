import type { PointMatrix } from '@clusterflow/clusterflow';
import { classPosterior } from '../membership/class-posterior.js';
import { InvalidReasoningInputError } from '../errors/reasoning-error.js';
import { describeRelation } from '../relations/describe-relation.js';
import { rowDistance } from '../distance/row-distance.js';
import { labelRelation } from './label-relation.js';
import { labelsFromWorld, type LabelChoiceOptions } from './label-choice.js';
import type { RelationAnswer } from '../relations/relation-types.js';
import {
  BALANCED_RELATION_PRIOR,
  decideTriplet,
  likelihoodsFromClassPosteriors,
  likelihoodsFromPairs,
  uniformClassBaseRates,
  type RelationPrior,
} from '../relations/triplet-posterior.js';
import type { World } from '../world/world.js';

/** Options of `combinedRelation` (only `prior` applies to `cnnPosteriorRelation`). */
export interface CombinedRelationOptions {
  /** Relation prior for the triplet decision. Default `BALANCED_RELATION_PRIOR`. */
  readonly prior?: RelationPrior;
  /** Also multiply in the geometric pair evidence (world.distance). Default false (chosen by measurement). */
  readonly geometry?: boolean;
  /** Label choice for N > 3, where the labels strategy answers. */
  readonly labelChoice?: LabelChoiceOptions;
}

/**
 * Combined strategy (default): each image's calibrated class distribution under the world (its guesses corrected
 * by the held-out confusion, see `classPosterior`) gives the probability of each triplet configuration; the
 * answer is the most probable under a balanced relation prior (base rates of L classes divided out). With
 * `geometry`, the geometric pair likelihoods multiply in. N > 3: the labels strategy on the world's guesses.
 */
export function combinedRelation(
  world: World,
  vectors: PointMatrix,
  options: CombinedRelationOptions = {},
): RelationAnswer {
  const n = vectors.rows;
  if (n < 3) throw new InvalidReasoningInputError(`combinedRelation: need N ≥ 3 images, got ${n}`);
  if (vectors.cols !== world.examples.cols)
    throw new InvalidReasoningInputError(
      `combinedRelation: vectors have ${vectors.cols} columns, the world's tap has ${world.examples.cols}`,
    );
  const row = (i: number): Float32Array | Float64Array =>
    vectors.data.subarray(i * vectors.cols, (i + 1) * vectors.cols);
  if (n > 3) {
    const labels = Array.from({ length: n }, (_, i) => labelsFromWorld(world, row(i), options.labelChoice));
    return { ...labelRelation(vectors, labels), strategy: 'combined' };
  }
  const post = [
    classPosterior(world, row(0)),
    classPosterior(world, row(1)),
    classPosterior(world, row(2)),
  ] as const;
  const L = world.calibration.labels.length;
  let like = likelihoodsFromClassPosteriors(post);
  const distances: number[] = [];
  if (options.geometry && world.distance) {
    const { threshold: t, scale, metric } = world.distance;
    const p = [
      [0, 1],
      [0, 2],
      [1, 2],
    ].map(([i, j]) => {
      const d = rowDistance(vectors.data, i, vectors.data, j, vectors.cols, metric);
      distances.push(d);
      return 1 / (1 + Math.exp((d - t) / scale));
    });
    const geo = likelihoodsFromPairs(p[0], p[1], p[2]);
    like = like.map((l, i) => l * geo[i]) as typeof like;
  }
  const decision = decideTriplet(like, options.prior ?? BALANCED_RELATION_PRIOR, uniformClassBaseRates(L));
  const top = post.map((p) => {
    let b = 0;
    for (let i = 1; i < p.length; i++) if (p[i] > p[b]) b = i;
    return { label: world.calibration.labels[b], p: p[b] };
  });
  const groups =
    decision.relation === 'SET'
      ? [[0, 1, 2]]
      : decision.relation === 'ANTISET'
        ? [[0], [1], [2]]
        : [[0, 1, 2].filter((i) => i !== decision.oddIndex), [decision.oddIndex as number]];
  const fmt = (x: number): string => x.toFixed(2);
  return {
    relation: decision.relation,
    groups,
    oddIndex: decision.oddIndex,
    confidence: decision.confidence,
    strategy: 'combined',
    explanation:
      `${describeRelation(decision.relation, decision.oddIndex)}: world "${world.provenance.name}" sees ` +
      top.map((t, i) => `${i + 1} as ${t.label} (${fmt(t.p)})`).join(', ') +
      `; P(SET)=${fmt(decision.posterior.SET)}, P(SSD)=${fmt(decision.posterior.SAME_SAME_DIFFERENT)}, P(ANTISET)=${fmt(decision.posterior.ANTISET)}` +
      (options.geometry && world.distance ? ' (with geometric pair evidence)' : ''),
    evidence: {
      labels: top.map((t) => [t.label]),
      posterior: decision.posterior,
      ...(options.geometry && world.distance ? { distances, threshold: world.distance.threshold } : {}),
    },
  };
}

/**
 * Combined strategy without a world, for images of classes the CNN knows (e.g. ImageNet_4): the CNN's own
 * softmax rows are the class distributions and L = their length (1000) sets the base rates; otherwise the same
 * decision as with a world. For novel classes (flowers other than daisy) this collapses to SET — use a world.
 */
export function cnnPosteriorRelation(
  probabilities: PointMatrix,
  names: readonly string[] = [],
  options: Pick<CombinedRelationOptions, 'prior'> = {},
): RelationAnswer {
  const n = probabilities.rows;
  if (n !== 3)
    throw new InvalidReasoningInputError(`cnnPosteriorRelation: decides triplets (N = 3), got N = ${n}`);
  const c = probabilities.cols;
  const post = [0, 1, 2].map((i) => Float64Array.from(probabilities.data.subarray(i * c, (i + 1) * c))) as [
    Float64Array,
    Float64Array,
    Float64Array,
  ];
  const decision = decideTriplet(
    likelihoodsFromClassPosteriors(post),
    options.prior ?? BALANCED_RELATION_PRIOR,
    uniformClassBaseRates(c),
  );
  const top = post.map((p) => {
    let b = 0;
    for (let i = 1; i < p.length; i++) if (p[i] > p[b]) b = i;
    return { label: names[b] ?? String(b), p: p[b] };
  });
  const fmt = (x: number): string => x.toFixed(2);
  return {
    relation: decision.relation,
    groups: groupsOf(decision.relation, decision.oddIndex),
    oddIndex: decision.oddIndex,
    confidence: decision.confidence,
    strategy: 'combined',
    explanation:
      `${describeRelation(decision.relation, decision.oddIndex)}: the CNN sees ` +
      top.map((t, i) => `${i + 1} as ${t.label} (${fmt(t.p)})`).join(', ') +
      `; over ${c} classes P(SET)=${fmt(decision.posterior.SET)}, P(SSD)=${fmt(decision.posterior.SAME_SAME_DIFFERENT)}, P(ANTISET)=${fmt(decision.posterior.ANTISET)}`,
    evidence: { labels: top.map((t) => [t.label]), posterior: decision.posterior },
  };
}

function groupsOf(relation: string, odd: number | null): number[][] {
  if (relation === 'SET') return [[0, 1, 2]];
  if (relation === 'ANTISET') return [[0], [1], [2]];
  return [[0, 1, 2].filter((i) => i !== odd), [odd as number]];
}
