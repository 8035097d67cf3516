// @clusterflow/reasoning — public API. One line per export.
/** Version of the @clusterflow/reasoning package. */
export const VERSION = '0.1.0';

// errors
export { ReasoningError, InvalidReasoningInputError, WorldFormatError } from './errors/reasoning-error.js';

// labelled examples: activation rows with their label sets
export type { LabelledExamples } from './examples/labelled-examples.js';
export { selectExamples, concatExamples } from './examples/labelled-examples.js';

// worlds: build, extend, calibrate, save and load
export type { World, WorldOptions, WorldProvenance, WorldGuessOptions } from './world/world.js';
export { buildWorld, extendWorld, toWorldSpace, worldInputDim, DEFAULT_WORLD_TREE } from './world/world.js';
export type {
  WorldSpace,
  WorldSpaceLayer,
  WorldSpaceJson,
  WorldSpaceLayerJson,
} from './world/world-space.js';
export {
  applyWorldSpace,
  checkWorldSpace,
  worldSpaceToJson,
  worldSpaceFromJson,
} from './world/world-space.js';
export type { WorldCalibration, CalibrationOptions, MembershipRule } from './world/calibration.js';
export { calibrateWorld, escapePValue, stratifiedFolds } from './world/calibration.js';
export { saveWorld, loadWorld, WORLD_FORMAT, WORLD_FORMAT_VERSION } from './world/world-persistence.js';

// membership: is a point in the world, and what does the CNN say
export type {
  WorldMembership,
  MembershipOptions,
  CnnOutput,
  CnnOpinion,
  WorldGuessLabel,
} from './membership/world-membership.js';
export { worldMembership, softmax } from './membership/world-membership.js';

// relations: set / same-same-different / antiset and the odd one out
export type {
  Relation,
  RelationStrategy,
  RelationAnswer,
  RelationEvidence,
} from './relations/relation-types.js';
export type { RelationInput, RelationOptions } from './relations/relation.js';
export { relation } from './relations/relation.js';
export type { OddOneOutAnswer } from './relations/odd-one-out.js';
export { oddOneOut } from './relations/odd-one-out.js';
export type { RelationPrior, TripletDecision } from './relations/triplet-posterior.js';
export {
  BALANCED_RELATION_PRIOR,
  decideTriplet,
  likelihoodsFromPairs,
  likelihoodsFromClassPosteriors,
  uniformClassBaseRates,
} from './relations/triplet-posterior.js';

// strategies: labels, geometric distances, both combined
export type { ScoredLabel } from './strategies/label-overlap.js';
export type { LabelChoiceOptions } from './strategies/label-choice.js';
export { labelsFromWorld, labelsFromCnn } from './strategies/label-choice.js';
export { labelRelation } from './strategies/label-relation.js';
export type {
  DistanceCalibration,
  DistanceCalibrationOptions,
  GeometricRelationOptions,
} from './strategies/geometric-relation.js';
export { calibrateDistanceThreshold, geometricRelation } from './strategies/geometric-relation.js';
export type { CombinedRelationOptions } from './strategies/combined-relation.js';
export { combinedRelation, cnnPosteriorRelation } from './strategies/combined-relation.js';
export {
  calibrateRelationReader,
  calibratedRelation,
  emptyConfusion,
  tripletFeatures,
  RELATIONS,
  type ReaderPosterior,
  type RelationConfusion,
  type RelationReaderCalibration,
  type RelationReaderOptions,
  type TripletFeatures,
} from './strategies/calibrated-relation.js';
export {
  fitRidgeProbe,
  ridgeProbePosterior,
  RIDGE_LAMBDAS,
  type RidgeProbe,
  type RidgeProbeFit,
} from './strategies/ridge-probe.js';
export {
  fitSoftmaxClassifier,
  predictSoftmax,
  type SoftmaxClassifier,
  type SoftmaxFitOptions,
} from './strategies/softmax-classifier.js';

// distances between activation rows
export type { VectorMetric } from './distance/row-distance.js';
export { rowDistance } from './distance/row-distance.js';

// triplets: every or a seeded sample of the triplets of a task
export type { Triplet } from './triplets/triplets.js';
export { sampleTriplets, allTriplets } from './triplets/triplets.js';

// experiments: surprise and the cat/dog asymmetry
export type { SurpriseBoundary, SurpriseResult } from './experiments/surprise.js';
export { surprise } from './experiments/surprise.js';
export type { AsymmetryData, AsymmetryPair, AsymmetryResult } from './experiments/asymmetry.js';
export { asymmetryExperiment } from './experiments/asymmetry.js';
