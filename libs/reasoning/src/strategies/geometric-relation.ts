import { createRng, type PointMatrix } from '@clusterflow/clusterflow';
import { InvalidReasoningInputError } from '../errors/reasoning-error.js';
import { rowDistance, type VectorMetric } from '../distance/row-distance.js';
import { connectedGroups } from '../relations/connected-groups.js';
import { describeRelation } from '../relations/describe-relation.js';
import type { LabelledExamples } from '../examples/labelled-examples.js';
import type { RelationAnswer, Relation } from '../relations/relation-types.js';
import {
  BALANCED_RELATION_PRIOR,
  decideTriplet,
  likelihoodsFromPairs,
  type RelationPrior,
} from '../relations/triplet-posterior.js';

/** A "same kind" distance threshold calibrated on a world's labelled examples. */
export interface DistanceCalibration {
  /** Distance metric the threshold was calibrated in. */
  readonly metric: VectorMetric;
  /** Pairs closer than this are judged "same". */
  readonly threshold: number;
  /** Width of the logistic that turns a distance into P(same): (median different − median same) / 4. */
  readonly scale: number;
  /** Share of same-label pairs below the threshold / different-label pairs at or above it (on the sample). */
  readonly sameRate: number;
  /** Share of sampled different-label pairs at or above the threshold. */
  readonly differentRate: number;
  /** Number of pairs sampled (same-label plus different-label). */
  readonly pairs: number;
}

/** Options of `calibrateDistanceThreshold`. */
export interface DistanceCalibrationOptions {
  /** Default 'cosine' (class-space logits differ mostly in direction). */
  readonly metric?: VectorMetric;
  /** Pairs sampled (half same-label, half different). Default 4000. */
  readonly maxPairs?: number;
  /** Seed of the pair sampling. Default 0. */
  readonly seed?: number;
}

/**
 * Chooses the distance threshold that best separates same-label from different-label pairs of a world's
 * examples (maximises sameRate + differentRate, i.e. Youden's J, on a balanced seeded sample of pairs).
 */
export function calibrateDistanceThreshold(
  examples: LabelledExamples,
  options: DistanceCalibrationOptions = {},
): DistanceCalibration {
  const metric = options.metric ?? 'cosine';
  const maxPairs = options.maxPairs ?? 4000;
  const rng = createRng(options.seed ?? 0);
  const { rows, cols, data, labelSets } = examples;
  if (rows < 3) throw new InvalidReasoningInputError('calibrateDistanceThreshold: need at least 3 examples');
  const same: number[] = [];
  const diff: number[] = [];
  const shares = (i: number, j: number): boolean => labelSets[i].some((l) => labelSets[j].includes(l));
  for (let attempt = 0; attempt < maxPairs * 20 && same.length + diff.length < maxPairs; attempt++) {
    const i = rng.nextInt(rows);
    const j = rng.nextInt(rows);
    if (i === j) continue;
    const isSame = shares(i, j);
    if (isSame && same.length >= maxPairs / 2) continue;
    if (!isSame && diff.length >= maxPairs / 2) continue;
    (isSame ? same : diff).push(rowDistance(data, i, data, j, cols, metric));
  }
  if (same.length === 0 || diff.length === 0)
    throw new InvalidReasoningInputError(
      'calibrateDistanceThreshold: need both same-label and different-label pairs among the examples',
    );
  same.sort((a, b) => a - b);
  diff.sort((a, b) => a - b);
  // Sweep candidate thresholds over the merged sorted distances.
  let best = { j: -Infinity, t: same[0], s: 0, d: 0 };
  const candidates = [...same, ...diff].sort((a, b) => a - b);
  let si = 0;
  let di = 0;
  for (let k = 1; k < candidates.length; k++) {
    // Thresholds sit midway between consecutive observed distances, not on one of them.
    const t = (candidates[k - 1] + candidates[k]) / 2;
    while (si < same.length && same[si] < t) si++;
    while (di < diff.length && diff[di] < t) di++;
    const sRate = si / same.length;
    const dRate = 1 - di / diff.length;
    if (sRate + dRate > best.j) best = { j: sRate + dRate, t, s: sRate, d: dRate };
  }
  const median = (a: number[]): number => a[Math.floor(a.length / 2)];
  const scale = Math.max((median(diff) - median(same)) / 4, 1e-9);
  return {
    metric,
    threshold: best.t,
    scale,
    sameRate: best.s,
    differentRate: best.d,
    pairs: same.length + diff.length,
  };
}

/** Options of `geometricRelation`. */
export interface GeometricRelationOptions {
  /** Relation prior for triplets. Default balanced. */
  readonly prior?: RelationPrior;
}

/**
 * Geometric strategy: pairwise distances between the N vectors against a calibrated threshold. For triplets the
 * answer is the most probable of the five configurations, each pair's P(same) = logistic((t − d)/scale); for
 * N > 3 "same" is d < t and groups are connected components. Confidence = posterior of the answer (triplets) or
 * the product of the pairwise decisions' probabilities (N > 3).
 */
export function geometricRelation(
  vectors: PointMatrix,
  calibration: DistanceCalibration,
  options: GeometricRelationOptions = {},
): RelationAnswer {
  const n = vectors.rows;
  if (n < 3) throw new InvalidReasoningInputError(`geometricRelation: need N ≥ 3 images, got ${n}`);
  const { threshold: t, scale, metric } = calibration;
  const distances: number[] = [];
  const pSame = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const d = rowDistance(vectors.data, i, vectors.data, j, vectors.cols, metric);
      distances.push(d);
      pSame[i * n + j] = pSame[j * n + i] = 1 / (1 + Math.exp((d - t) / scale));
    }
  const fmt = (x: number): string => x.toFixed(3);
  const pairText = (): string => {
    const parts: string[] = [];
    let k = 0;
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++) parts.push(`d(${i + 1},${j + 1})=${fmt(distances[k++])}`);
    return parts.join(', ');
  };
  if (n === 3) {
    const decision = decideTriplet(
      likelihoodsFromPairs(pSame[1], pSame[2], pSame[5]),
      options.prior ?? BALANCED_RELATION_PRIOR,
    );
    const groups =
      decision.relation === 'SET'
        ? [[0, 1, 2]]
        : decision.relation === 'ANTISET'
          ? [[0], [1], [2]]
          : [[0, 1, 2].filter((i) => i !== decision.oddIndex), [decision.oddIndex as number]];
    return {
      relation: decision.relation,
      groups,
      oddIndex: decision.oddIndex,
      confidence: decision.confidence,
      strategy: 'geometric',
      explanation: `${describeRelation(decision.relation, decision.oddIndex)} by ${metric} distance: ${pairText()}; same below ${fmt(t)}`,
      evidence: { distances, threshold: t, posterior: decision.posterior },
    };
  }
  return graphAnswer(n, pSame, distances, t, `${metric} distance: ${pairText()}; same below ${fmt(t)}`);
}

function graphAnswer(
  n: number,
  pSame: Float64Array,
  distances: number[],
  threshold: number,
  text: string,
): RelationAnswer {
  let confidence = 1;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) confidence *= Math.max(pSame[i * n + j], 1 - pSame[i * n + j]);
  const groups = connectedGroups(n, (i, j) => pSame[i * n + j] > 0.5);
  const relation: Relation =
    groups.length === 1 ? 'SET' : groups.length === n ? 'ANTISET' : 'SAME_SAME_DIFFERENT';
  const oddIndex = relation === 'SAME_SAME_DIFFERENT' && groups[0].length === n - 1 ? groups[1][0] : null;
  return {
    relation,
    groups,
    oddIndex,
    confidence,
    strategy: 'geometric',
    explanation: `${describeRelation(relation, oddIndex)} by ${text}`,
    evidence: { distances, threshold },
  };
}
