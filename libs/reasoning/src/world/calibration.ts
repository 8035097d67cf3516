import { buildTree, createRng, type GuessOptions, type TreeBuildOptions } from '@clusterflow/clusterflow';
import { InvalidReasoningInputError } from '../errors/reasoning-error.js';
import { nearestClusterDistance } from './cluster-distance.js';
import { selectExamples, type LabelledExamples } from '../examples/labelled-examples.js';

/** What k-fold calibration of a world measured and chose (stored in the world's provenance). */
export interface WorldCalibration {
  /** Share of real examples the threshold may reject (conformal level). */
  readonly alpha: number;
  /** Number of calibration folds. */
  readonly folds: number;
  /** How membership is decided: 'world' (world escape only) or 'world+cluster' (also near a known cluster). */
  readonly rule: MembershipRule;
  /** World escape distance (Σ overshoot/σ) at or below which a point is in the world. */
  readonly threshold: number;
  /** Nearest-cluster L2 boundary distance at or below which a point is near known clusters (∞ for 'world'). */
  readonly clusterThreshold: number;
  /**
   * Share of held-out real examples accepted: at or below `threshold` (and, under 'world+cluster', at or below
   * `clusterThreshold`); ≈ 1 − alpha.
   */
  readonly acceptance: number;
  /** Share of held-out examples strictly inside the uncalibrated world box (escape 0). */
  readonly boxAcceptance: number;
  /** Held-out world escape distances, ascending (the calibration set for p-values). */
  readonly escapes: Float64Array;
  /** Held-out nearest-cluster distances, ascending. */
  readonly clusterDistances: Float64Array;
  /** Held-out top-1 guess accuracy of the fold trees (a guess is right when its label is one of the point's). */
  readonly guessAccuracy: number;
  /** Labels in confusion order. */
  readonly labels: readonly string[];
  /** counts[g][t]: held-out examples guessed g whose true label is t (first label of multi-label points). */
  readonly confusion: readonly (readonly number[])[];
}

/** Options of `calibrateWorld`. */
export interface CalibrationOptions {
  /** Number of folds. Default 5 (at least 2). */
  readonly folds?: number;
  /**
   * Share of real examples the world may turn away. Default 0.1: on the fooling experiment (darknet-tiny
   * leaky_re_lu_14, `eval/clusterflow/probes/probe-alpha.ts`) α = 0.1 accepts 0 % of 126 fooling images and 98.1 % of 270 held-out
   * photos; α = 0.05 accepts 0.8 % and 99.3 %.
   */
  readonly alpha?: number;
  /** Fold assignment seed. Default 0. */
  readonly seed?: number;
  /** Default 'world+cluster' (each test at α/2, Bonferroni); 'world' = the world box escape alone at α. */
  readonly rule?: MembershipRule;
}

/** See `WorldCalibration.rule`. */
export type MembershipRule = 'world' | 'world+cluster';

/**
 * k-fold calibration (our design, docs/ARCHITECTURE.md "Membership is graded and calibrated"): build a tree on k−1 folds,
 * measure each held-out example's world escape distance and top guess, pool them over the folds, and take as
 * threshold the conformal quantile ⌈(n+1)(1−α)⌉/n of the pooled escapes, so a new real example from the same
 * source is accepted with probability ≥ 1−α. Folds are stratified by first label and seeded.
 */
export function calibrateWorld(
  examples: LabelledExamples,
  treeOptions: TreeBuildOptions,
  options: CalibrationOptions = {},
  guessOptions: Pick<GuessOptions, 'metric' | 'nearbyCount'> = {},
): WorldCalibration {
  const folds = options.folds ?? 5;
  const alpha = options.alpha ?? 0.1;
  if (!Number.isInteger(folds) || folds < 2)
    throw new InvalidReasoningInputError(`calibration folds must be an integer ≥ 2, got ${folds}`);
  if (!(alpha > 0 && alpha < 1))
    throw new InvalidReasoningInputError(`alpha must be in (0, 1), got ${alpha}`);
  if (examples.rows < folds * 2)
    throw new InvalidReasoningInputError(
      `calibration needs at least 2 examples per fold (${folds} folds), got ${examples.rows} examples`,
    );
  const fold = stratifiedFolds(examples.labelSets, folds, options.seed ?? 0);
  const labels = [...new Set(examples.labelSets.flat())].sort();
  const labelIndex = new Map(labels.map((l, i) => [l, i]));
  const confusion = labels.map(() => new Array<number>(labels.length).fill(0));
  const rule = options.rule ?? 'world+cluster';
  if (rule !== 'world' && rule !== 'world+cluster')
    throw new InvalidReasoningInputError(
      `calibration rule must be 'world' or 'world+cluster', got '${String(rule)}'`,
    );
  const escapes = new Float64Array(examples.rows);
  const clusterDistances = new Float64Array(examples.rows);
  let inside = 0;
  let right = 0;
  for (let f = 0; f < folds; f++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < examples.rows; i++) (fold[i] === f ? test : train).push(i);
    const sub = selectExamples(examples, train);
    const tree = buildTree(sub, sub.labelSets, treeOptions);
    for (const i of test) {
      const guess = tree.guess(
        examples.data,
        { ...guessOptions, topK: 1, worldEscapeThreshold: Infinity },
        i * examples.cols,
      );
      const e = guess.evidence.world.escapeDistance;
      escapes[i] = e;
      clusterDistances[i] =
        rule === 'world' ? 0 : nearestClusterDistance(tree, examples.data, i * examples.cols);
      if (e === 0) inside++;
      const top = guess.labels[0]?.label;
      const truth = examples.labelSets[i];
      if (top !== undefined && truth.includes(top)) right++;
      const g = top === undefined ? undefined : labelIndex.get(top);
      const t = labelIndex.get(truth[0]);
      if (g !== undefined && t !== undefined) confusion[g][t]++;
    }
  }
  const n = escapes.length;
  // Two tests at α/2 each (Bonferroni) keep the joint rejection of real examples ≤ α.
  const level = rule === 'world' ? alpha : alpha / 2;
  const sorted = Float64Array.from(escapes).sort();
  const sortedCluster = Float64Array.from(clusterDistances).sort();
  const threshold = conformalQuantile(sorted, level);
  const clusterThreshold = rule === 'world' ? Infinity : conformalQuantile(sortedCluster, level);
  let accepted = 0;
  for (let i = 0; i < n; i++)
    if (escapes[i] <= threshold && clusterDistances[i] <= clusterThreshold) accepted++;
  return {
    alpha,
    folds,
    rule,
    threshold,
    clusterThreshold,
    acceptance: accepted / n,
    boxAcceptance: inside / n,
    escapes: sorted,
    clusterDistances: sortedCluster,
    guessAccuracy: right / n,
    labels,
    confusion,
  };
}

/** The ⌈(n+1)(1−level)⌉-th smallest score (the largest if that rank exceeds n). */
function conformalQuantile(sorted: Float64Array, level: number): number {
  const n = sorted.length;
  const rank = Math.ceil((n + 1) * (1 - level));
  return rank > n ? sorted[n - 1] : sorted[rank - 1];
}

/**
 * p-value of a point's membership evidence: the world escape's conformal p-value, and under 'world+cluster'
 * min(1, 2·min(p_world, p_cluster)) (the Bonferroni combination of the two tests).
 */
export function membershipPValue(
  calibration: WorldCalibration,
  escape: number,
  clusterDistance: number,
): number {
  const pw = escapePValue(calibration, escape);
  if (calibration.rule === 'world') return pw;
  const pc = pValueIn(calibration.clusterDistances, clusterDistance);
  return Math.min(1, 2 * Math.min(pw, pc));
}

/**
 * Conformal p-value of an escape distance among the calibration escapes: (1 + #{s ≥ e}) / (n + 1). A point as
 * typical as the real examples gets ≈ 1, one beyond every calibration example 1/(n+1).
 */
export function escapePValue(calibration: WorldCalibration, escape: number): number {
  return pValueIn(calibration.escapes, escape);
}

function pValueIn(s: Float64Array, escape: number): number {
  // First index with s[i] >= escape (binary search on the ascending array).
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (s[mid] < escape) lo = mid + 1;
    else hi = mid;
  }
  return (1 + s.length - lo) / (s.length + 1);
}

/** Fold index per example, stratified by the first label so every fold sees every class. */
export function stratifiedFolds(
  labelSets: readonly (readonly string[])[],
  folds: number,
  seed: number,
): Int32Array {
  const rng = createRng(seed);
  const byLabel = new Map<string, number[]>();
  labelSets.forEach((ls, i) => byLabel.set(ls[0] ?? '', [...(byLabel.get(ls[0] ?? '') ?? []), i]));
  const out = new Int32Array(labelSets.length);
  let offset = 0;
  for (const key of [...byLabel.keys()].sort()) {
    const idx = byLabel.get(key) as number[];
    for (let i = idx.length - 1; i > 0; i--) {
      const j = rng.nextInt(i + 1);
      [idx[i], idx[j]] = [idx[j], idx[i]];
    }
    // Continue the round-robin across labels so small classes do not all land in fold 0.
    idx.forEach((ex, k) => (out[ex] = (offset + k) % folds));
    offset += idx.length;
  }
  return out;
}
