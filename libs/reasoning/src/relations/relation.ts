import type { PointMatrix, TreeBuildOptions } from '@clusterflow/clusterflow';
import {
  calibrateRelationReader,
  calibratedRelation,
  type RelationReaderCalibration,
} from '../strategies/calibrated-relation.js';
import { cnnPosteriorRelation, combinedRelation } from '../strategies/combined-relation.js';
import { InvalidReasoningInputError } from '../errors/reasoning-error.js';
import { geometricRelation, type DistanceCalibration } from '../strategies/geometric-relation.js';
import { labelsFromWorld, type LabelChoiceOptions } from '../strategies/label-choice.js';
import type { ScoredLabel } from '../strategies/label-overlap.js';
import { labelRelation } from '../strategies/label-relation.js';
import type { RelationAnswer, RelationStrategy } from './relation-types.js';
import type { RelationPrior } from './triplet-posterior.js';
import { toWorldSpace, type World } from '../world/world.js';

/**
 * N ≥ 3 images as activation vectors (the world's tap), optionally with labels already chosen (e.g. CNN top-5)
 * and/or the CNN's softmax rows.
 */
export interface RelationInput {
  /** One row per image (N ≥ 3): activation vectors in the world's tap. */
  readonly vectors: PointMatrix;
  /**
   * Labels already chosen, one list per image (labels strategy; also 'combined' without a world when
   * `probabilities` cannot answer).
   */
  readonly labels?: readonly (readonly ScoredLabel[])[];
  /** The CNN's softmax rows for the same images (combined strategy without a world, triplets). */
  readonly probabilities?: PointMatrix;
  /** Class names of `probabilities` columns, for explanations. */
  readonly classNames?: readonly string[];
}

/** Options of `relation` (and `oddOneOut`). */
export interface RelationOptions {
  /** Default 'combined' with a world or CNN probabilities, else 'labels' (with `input.labels`) or 'geometric'. */
  readonly strategy?: RelationStrategy;
  /** World that supplies labels, class posteriors and the distance calibration. */
  readonly world?: World;
  /** Geometric threshold; default the world's. */
  readonly distance?: DistanceCalibration;
  /** How many world guesses become labels (labels strategy). Defaults: 5 labels, ≥ 0.5 × top score. */
  readonly labelChoice?: LabelChoiceOptions;
  /** Relation prior for triplet decisions (combined and geometric strategies). Default balanced. */
  readonly prior?: RelationPrior;
  /** Tree options for the N-point tree of the labels strategy. */
  readonly tree?: TreeBuildOptions;
  /** Combined strategy: multiply in geometric pair evidence. Default false. */
  readonly geometry?: boolean;
  /**
   * Combined strategy with a world, triplets: 'posterior' (default) decides from the class posteriors under a
   * balanced prior; 'calibrated' uses a reader fitted on the world's own triplets (`calibrateRelationReader`).
   */
  readonly reader?: 'posterior' | 'calibrated';
  /** The fitted reader for `reader: 'calibrated'`. Default: fitted on first use with its defaults, kept per world. */
  readonly readerCalibration?: RelationReaderCalibration;
}

const readers = new WeakMap<World, RelationReaderCalibration>();

/**
 * SET / SAME_SAME_DIFFERENT / ANTISET over N ≥ 3 images with the chosen strategy; every answer names its
 * strategy and explains itself.
 */
export function relation(input: RelationInput, options: RelationOptions = {}): RelationAnswer {
  if (input.vectors.rows < 3)
    throw new InvalidReasoningInputError(`relation: need N ≥ 3 images, got ${input.vectors.rows}`);
  const world = options.world;
  // A world with a learned space reads relations in that space: map the query rows the way its examples were.
  const vectors = world?.space ? toWorldSpace(world, input.vectors, 'relation') : input.vectors;
  const strategy: RelationStrategy =
    options.strategy ?? (world || input.probabilities ? 'combined' : input.labels ? 'labels' : 'geometric');
  if (strategy === 'combined') {
    if (!world) {
      if (input.probabilities && vectors.rows === 3)
        return cnnPosteriorRelation(input.probabilities, input.classNames, { prior: options.prior });
      if (input.labels)
        return { ...labelRelation(vectors, input.labels, options.tree), strategy: 'combined' };
      throw new InvalidReasoningInputError(
        "relation: strategy 'combined' needs a world (or labels per image)",
      );
    }
    if (options.reader === 'calibrated') {
      let reader = options.readerCalibration ?? readers.get(world);
      if (reader === undefined) {
        reader = calibrateRelationReader(world);
        readers.set(world, reader);
      }
      return calibratedRelation(world, reader, vectors);
    }
    if (options.reader !== undefined && options.reader !== 'posterior')
      throw new InvalidReasoningInputError(
        `relation: unknown reader '${String(options.reader)}'; allowed: 'posterior', 'calibrated'`,
      );
    return combinedRelation(world, vectors, {
      prior: options.prior,
      geometry: options.geometry,
      labelChoice: options.labelChoice,
    });
  }
  if (strategy === 'labels') {
    let labels = input.labels;
    if (!labels) {
      if (!world)
        throw new InvalidReasoningInputError("relation: strategy 'labels' needs labels per image or a world");
      labels = Array.from({ length: vectors.rows }, (_, i) =>
        labelsFromWorld(
          world,
          vectors.data.subarray(i * vectors.cols, (i + 1) * vectors.cols),
          options.labelChoice,
        ),
      );
    }
    return labelRelation(vectors, labels, options.tree);
  }
  if (strategy === 'geometric') {
    const distance = options.distance ?? world?.distance;
    if (!distance)
      throw new InvalidReasoningInputError(
        "relation: strategy 'geometric' needs a distance calibration or a world with at least 2 labels",
      );
    return geometricRelation(vectors, distance, { prior: options.prior });
  }
  throw new InvalidReasoningInputError(
    `relation: unknown strategy '${String(strategy)}'; allowed: 'labels', 'geometric', 'combined'`,
  );
}
