import { metricCode } from '../boxes/box-metric.js';
import { InvalidInputError } from '../errors/clusterflow-error.js';
import type { FlatTree } from './flat-tree.js';
import type { Guess, GuessOptions, LabelScore, Membership } from './guess-types.js';

/** What guessing needs from a tree: its flat arrays and label names (the tree builds it, see `FlatTree`). */
export interface GuessContext {
  readonly flat: FlatTree;
  readonly labels: readonly string[];
  /** Scratch score per label id. */
  readonly scores: Float64Array;
}

interface Resolved {
  topK: number;
  code: number;
  threshold: number;
  nearbyCount: number;
  nearbyEpsilon: number;
}

function resolve(options: GuessOptions): Resolved {
  const topK = options.topK ?? 5;
  if (!Number.isInteger(topK) || topK < 1)
    throw new InvalidInputError(`topK must be an integer >= 1, got ${topK}`);
  const threshold = options.worldEscapeThreshold ?? 0;
  if (!(threshold >= 0)) {
    throw new InvalidInputError(`worldEscapeThreshold must be >= 0 (0 = strictly inside), got ${threshold}`);
  }
  const nearbyCount = options.nearbyCount ?? 3;
  if (!Number.isInteger(nearbyCount) || nearbyCount < 1) {
    throw new InvalidInputError(`nearbyCount must be an integer >= 1, got ${nearbyCount}`);
  }
  const nearbyEpsilon = options.nearbyEpsilon ?? 1e-6;
  if (!(nearbyEpsilon > 0)) throw new InvalidInputError(`nearbyEpsilon must be > 0, got ${nearbyEpsilon}`);
  return { topK, code: metricCode(options.metric ?? 'l2'), threshold, nearbyCount, nearbyEpsilon };
}

function checkPoint(ctx: GuessContext, point: ArrayLike<number>, offset: number): void {
  if (!(offset >= 0) || offset + ctx.flat.dims > point.length) {
    throw new InvalidInputError(
      `point must have ${ctx.flat.dims} values from offset ${offset}; got length ${point.length}`,
    );
  }
}

/** Descends from the world to the deepest cluster containing the loaded query; returns the path. */
function descend(flat: FlatTree): number[] {
  const path = [0];
  let node = 0;
  for (;;) {
    const next = flat.firstChildContaining(node);
    if (next < 0) return path;
    path.push(next);
    node = next;
  }
}

/** World membership and cluster path with their escape evidence (no label scoring). */
export function membershipOf(
  ctx: GuessContext,
  point: ArrayLike<number>,
  options: GuessOptions = {},
  offset = 0,
): Membership {
  checkPoint(ctx, point, offset);
  const threshold = resolve(options).threshold;
  ctx.flat.load(point, offset);
  const world = ctx.flat.escape(0);
  if (!(world.escapeDistance <= threshold)) {
    return { inWorld: false, path: [], evidence: { world, deepest: world } };
  }
  const path = descend(ctx.flat);
  const deepest = path[path.length - 1];
  return {
    inWorld: true,
    path,
    evidence: { world, deepest: deepest === 0 ? world : ctx.flat.escape(deepest) },
  };
}

/**
 * Guesses labels for a point (paper §2.2.4, docs/ARCHITECTURE.md "Guessing labels"): outside the world → no labels;
 * inside → the deepest cluster containing it; a leaf answers with its members' label shares ('pure' or
 * 'mixed'); a point inside a split cluster but in none of its children gets a 'nearby' guess from the
 * `nearbyCount` children with the smallest boundary distance d_i: w_i = 1/(d_i + ε),
 * score(ℓ) = Σ w_i·share_i(ℓ) / Σ w_i. Confidence = the top label's score.
 */
export function guessOf(
  ctx: GuessContext,
  point: ArrayLike<number>,
  options: GuessOptions = {},
  offset = 0,
): Guess {
  checkPoint(ctx, point, offset);
  const opts = resolve(options);
  const { flat, scores } = ctx;
  flat.load(point, offset);
  const world = flat.escape(0);
  if (!(world.escapeDistance <= opts.threshold)) {
    return {
      inWorld: false,
      path: [],
      evidence: { world, deepest: world },
      labels: [],
      source: 'outside',
      confidence: null,
    };
  }
  const path = descend(flat);
  const deepest = path[path.length - 1];
  const evidence = { world, deepest: deepest === 0 ? world : flat.escape(deepest) };
  const c0 = flat.childStart[deepest];
  const c1 = flat.childStart[deepest + 1];
  const touched: number[] = [];
  let source: Guess['source'] = flat.mixed[deepest] === 1 ? 'mixed' : 'pure';
  if (c1 > c0) {
    const bestD: number[] = [];
    const bestId: number[] = [];
    flat.nearestChildren(deepest, opts.nearbyCount, opts.code, bestId, bestD);
    if (bestD.length > 0) {
      source = 'nearby';
      let wsum = 0;
      for (let t = 0; t < bestD.length; t++) {
        const w = 1 / (bestD[t] + opts.nearbyEpsilon);
        wsum += w;
        const id = bestId[t];
        for (let k = flat.lblStart[id]; k < flat.lblStart[id + 1]; k++) {
          const l = flat.lblId[k];
          if (scores[l] === 0) touched.push(l);
          scores[l] += w * flat.lblShare[k];
        }
      }
      for (const l of touched) scores[l] /= wsum;
    }
  }
  if (touched.length === 0) {
    // A leaf (or a split cluster with no reachable child): its own member shares.
    for (let k = flat.lblStart[deepest]; k < flat.lblStart[deepest + 1]; k++) {
      touched.push(flat.lblId[k]);
      scores[flat.lblId[k]] = flat.lblShare[k];
    }
  }
  // Highest score first, then lowest label id; insertion sort: a handful of labels, no comparator closure.
  for (let i = 1; i < touched.length; i++) {
    const l = touched[i];
    let j = i;
    while (
      j > 0 &&
      (scores[touched[j - 1]] < scores[l] || (scores[touched[j - 1]] === scores[l] && touched[j - 1] > l))
    ) {
      touched[j] = touched[j - 1];
      j--;
    }
    touched[j] = l;
  }
  const labels: LabelScore[] = [];
  for (let t = 0; t < touched.length && t < opts.topK; t++) {
    labels.push({ label: ctx.labels[touched[t]], score: scores[touched[t]] });
  }
  for (const l of touched) scores[l] = 0;
  return {
    inWorld: true,
    path,
    evidence,
    labels,
    source,
    confidence: labels.length > 0 ? labels[0].score : null,
  };
}
