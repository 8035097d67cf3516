import {
  buildTree,
  type PointMatrix,
  type ClusterTree,
  type GuessOptions,
  type TreeBuildOptions,
} from '@clusterflow/clusterflow';
import {
  calibrateWorld,
  type CalibrationOptions,
  type MembershipRule,
  type WorldCalibration,
} from './calibration.js';
import {
  calibrateDistanceThreshold,
  type DistanceCalibration,
  type DistanceCalibrationOptions,
} from '../strategies/geometric-relation.js';
import {
  checkLabelledExamples,
  concatExamples,
  type LabelledExamples,
} from '../examples/labelled-examples.js';
import { InvalidReasoningInputError } from '../errors/reasoning-error.js';
import { applyWorldSpace, checkWorldSpace, type WorldSpace } from './world-space.js';

/** Where a world came from: enough to rebuild it and to judge its answers. */
export interface WorldProvenance {
  /** The world's name. */
  readonly name: string;
  /** Extractor model and tap the activations came from (free text when built from other vectors). */
  readonly model: string;
  /** Tap (layer) of `model` the activations came from. */
  readonly tap: string;
  /** Tree options used (JSON-safe: no callbacks). */
  readonly buildOptions: Readonly<Record<string, string | number>>;
  /** Sizes of the example set. */
  readonly counts: {
    /** Number of examples (rows). */
    readonly examples: number;
    /** Values per example (columns, the tap's width). */
    readonly dims: number;
    /** Number of distinct labels. */
    readonly labels: number;
    /** Examples per label (a multi-label example counts once for each of its labels). */
    readonly perLabel: Readonly<Record<string, number>>;
  };
  /** Calibration summary (the full calibration set is `world.calibration`). */
  readonly calibration: {
    /** Share of real examples the threshold may reject (conformal level). */
    readonly alpha: number;
    /** Number of calibration folds. */
    readonly folds: number;
    /** Membership rule: 'world' or 'world+cluster'. */
    readonly rule: MembershipRule;
    /** World escape distance at or below which a point is in the world. */
    readonly threshold: number;
    /**
     * Nearest-cluster boundary distance at or below which a point is near known clusters; null when the rule has no
     * cluster test (JSON has no ∞).
     */
    readonly clusterThreshold: number | null;
    /** Share of held-out real examples accepted by the calibrated rule (≈ 1 − alpha). */
    readonly acceptance: number;
    /** Share of held-out examples strictly inside the uncalibrated world box (escape 0). */
    readonly boxAcceptance: number;
    /** Held-out top-1 guess accuracy of the fold trees. */
    readonly guessAccuracy: number;
  };
  /** Where the examples came from (free text; `extendWorld` appends its sources). */
  readonly sources: readonly string[];
  /** ISO 8601 time the world was first built (kept by `extendWorld`). */
  readonly createdAt: string;
  /** ISO 8601 time the world was last built or extended. */
  readonly updatedAt: string;
  /** How many times `extendWorld` added examples. */
  readonly extensions: number;
}

/** A ClusterFlow tree over a labelled image set, calibrated, with its examples kept for extension. */
export interface World {
  /** The ClusterFlow tree over all the world's examples. */
  readonly tree: ClusterTree;
  /** The labelled examples the tree was built on, in the world's space (after `space` when there is one). */
  readonly examples: LabelledExamples;
  /**
   * Learned map from the tap's activations to the world's space (e.g. an embedding head trained on the world's
   * labels), applied to every query before membership and relation reading; null when the world is built on the
   * tap itself.
   */
  readonly space: WorldSpace | null;
  /** The examples as tap activations (before `space`), kept so a world with a space can be extended; else null. */
  readonly activations: LabelledExamples | null;
  /** Full k-fold calibration: thresholds, held-out escapes and cluster distances, confusion. */
  readonly calibration: WorldCalibration;
  /**
   * "Same kind" distance threshold on the examples, for the geometric relation strategy; null for a world of
   * one label (no different-label pairs to calibrate against).
   */
  readonly distance: DistanceCalibration | null;
  /** Guess options every world query uses (nearby metric and vote count). */
  readonly guess: WorldGuessOptions;
  /** Where the world came from: names, options, counts, calibration summary, timestamps. */
  readonly provenance: WorldProvenance;
}

/** How a world guesses for points in no cluster (see the core's `GuessOptions`). */
export type WorldGuessOptions = Pick<GuessOptions, 'metric' | 'nearbyCount'>;

/**
 * Tree options worlds of photos are built with unless told otherwise, chosen by measurement (docs/RESULTS.md
 * "Choices made by measurement"): k-means seeding with k clamped by the core to ⌊points/2⌋ per label (clusters of
 * ≈ 2 photos) and no inner margin. The core's own defaults (detK, margin 0.1) made a single mixed root on dense
 * CNN taps: 20 % held-out guesses on five flower kinds (`eval/clusterflow/probes/probe.ts`).
 */
export const DEFAULT_WORLD_TREE: TreeBuildOptions = Object.freeze({
  seeding: 'kmeans',
  k: 1024,
  margin: 0,
  seed: 0,
});

/** Options of `buildWorld` and `extendWorld`. */
export interface WorldOptions {
  /** Tree options (see @clusterflow/clusterflow), merged over `DEFAULT_WORLD_TREE`; the core's defaults fill the rest. */
  readonly tree?: TreeBuildOptions;
  /** k-fold calibration. Defaults: 5 folds, α = 0.1, seed 0. */
  readonly calibration?: CalibrationOptions;
  /** Geometric threshold calibration. Defaults: cosine, 4000 pairs, seed 0. */
  readonly distance?: DistanceCalibrationOptions;
  /** Nearby-guess options. Default { metric: 'l2', nearbyCount: 9 } (measured on held-out flowers). */
  readonly guess?: WorldGuessOptions;
  /**
   * Learned space to build the world in (`buildWorld` maps the examples through it; queries are mapped too).
   * Default none: the tap's activations as they are. `extendWorld` keeps the world's space unless given another.
   */
  readonly space?: WorldSpace;
  /** Free-text provenance. Defaults: name 'world', model/tap 'unknown', no sources. */
  readonly name?: string;
  /** Extractor model the activations came from (provenance). Default 'unknown'. */
  readonly model?: string;
  /** Tap (layer) of the model the activations came from (provenance). Default 'unknown'. */
  readonly tap?: string;
  /** Where the examples came from, e.g. folders or files (provenance). Default none. */
  readonly sources?: readonly string[];
}

/**
 * Builds a world from labelled activations (one row per image; labels from folder names or supplied sets):
 * the tree over all examples, k-fold calibration of its outer threshold and guesses, a distance threshold for the
 * geometric strategy, and provenance (model, tap, options, counts).
 */
export function buildWorld(examples: LabelledExamples, options: WorldOptions = {}): World {
  checkLabelledExamples(examples, 'buildWorld');
  const now = new Date().toISOString();
  return assemble(examples, options, now, 0, options.space ?? null);
}

/**
 * Adds examples to a world (incremental knowledge): the tree and calibration are rebuilt over old + new examples
 * with the world's original options, keeping its name, model, tap and creation time.
 */
export function extendWorld(world: World, more: LabelledExamples, options: WorldOptions = {}): World {
  checkLabelledExamples(more, 'extendWorld');
  const p = world.provenance;
  const space = options.space ?? world.space;
  const merged = concatExamples([world.activations ?? world.examples, more]);
  const treeOptions = { ...treeOptionsOf(p.buildOptions), ...options.tree };
  return assemble(
    merged,
    {
      ...options,
      tree: treeOptions,
      guess: { ...world.guess, ...options.guess },
      calibration: {
        alpha: p.calibration.alpha,
        folds: p.calibration.folds,
        rule: p.calibration.rule,
        ...options.calibration,
      },
      name: p.name,
      model: p.model,
      tap: p.tap,
      sources: [...p.sources, ...(options.sources ?? [])],
    },
    p.createdAt,
    p.extensions + 1,
    space,
  );
}

function assemble(
  raw: LabelledExamples,
  options: WorldOptions,
  createdAt: string,
  extensions: number,
  space: WorldSpace | null,
): World {
  const activations = space ? raw : null;
  let examples = raw;
  if (space) {
    checkWorldSpace(space, 'buildWorld');
    const mapped = applyWorldSpace(space, raw, 'buildWorld');
    examples = { ...mapped, labelSets: raw.labelSets, ...(raw.ids ? { ids: raw.ids } : {}) };
  }
  const treeOptions: TreeBuildOptions = { ...DEFAULT_WORLD_TREE, ...options.tree };
  const tree = buildTree(examples, examples.labelSets, treeOptions);
  const guess: WorldGuessOptions = { metric: 'l2', nearbyCount: 9, ...options.guess };
  const calibration = calibrateWorld(examples, treeOptions, options.calibration, guess);
  const labelCount = new Set(examples.labelSets.flat()).size;
  const distance = labelCount >= 2 ? calibrateDistanceThreshold(examples, options.distance) : null;
  const perLabel: Record<string, number> = {};
  for (const ls of examples.labelSets) for (const l of ls) perLabel[l] = (perLabel[l] ?? 0) + 1;
  const provenance: WorldProvenance = {
    name: options.name ?? 'world',
    model: options.model ?? 'unknown',
    tap: options.tap ?? 'unknown',
    buildOptions: jsonSafe(treeOptions),
    counts: {
      examples: examples.rows,
      dims: examples.cols,
      labels: Object.keys(perLabel).length,
      perLabel,
    },
    calibration: {
      alpha: calibration.alpha,
      folds: calibration.folds,
      rule: calibration.rule,
      threshold: calibration.threshold,
      clusterThreshold: Number.isFinite(calibration.clusterThreshold) ? calibration.clusterThreshold : null,
      acceptance: calibration.acceptance,
      boxAcceptance: calibration.boxAcceptance,
      guessAccuracy: calibration.guessAccuracy,
    },
    sources: [...(options.sources ?? [])],
    createdAt,
    updatedAt: new Date().toISOString(),
    extensions,
  };
  return { tree, examples, space, activations, calibration, distance, guess, provenance };
}

function jsonSafe(options: TreeBuildOptions): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(options))
    if (typeof v === 'string' || typeof v === 'number') out[k] = v;
  return out;
}

/** Tree options back from provenance (only the JSON-safe fields were stored). */
export function treeOptionsOf(buildOptions: Readonly<Record<string, string | number>>): TreeBuildOptions {
  return { ...buildOptions } as TreeBuildOptions;
}

/** Width of the rows a world's queries take: the space's input width, or the world's own columns. */
export function worldInputDim(world: World): number {
  return world.space ? world.space.inputDim : world.examples.cols;
}

/**
 * Maps query rows (tap activations) into the world's space; returns them unchanged for a world without a space.
 * Typed error when their width is not the world's input width.
 */
export function toWorldSpace<T extends PointMatrix>(world: World, rows: T, where: string): PointMatrix {
  if (rows.cols !== worldInputDim(world))
    throw new InvalidReasoningInputError(
      `${where}: rows have ${rows.cols} values, the world takes ${worldInputDim(world)} (its tap${world.space ? ', the input of its learned space' : ''})`,
    );
  return world.space ? applyWorldSpace(world.space, rows, where) : rows;
}
