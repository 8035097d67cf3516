// @clusterflow/reasoning — public API. One line per export.
/** Version of the @clusterflow/reasoning package. */
export const VERSION = '0.1.0';

// errors
export { ReasoningError, InvalidReasoningInputError, WorldFormatError } from './errors/reasoning-error.js';

// labelled examples
export type { LabelledExamples } from './labelled-examples.js';
export { checkLabelledExamples, selectExamples, concatExamples } from './labelled-examples.js';

// relations
export type { Relation, RelationStrategy, RelationAnswer, RelationEvidence } from './relation-types.js';
export type { RelationNodeView, RelationTreeView, TreeReading } from './relation-reader.js';
export { readRelationTree } from './relation-reader.js';
export type { ScoredLabel } from './label-overlap.js';
export { readLabelOverlap } from './label-overlap.js';
export type { RelationPrior, TripletDecision } from './triplet-posterior.js';
export {
  BALANCED_RELATION_PRIOR,
  decideTriplet,
  likelihoodsFromPairs,
  likelihoodsFromClassPosteriors,
  uniformClassBaseRates,
} from './triplet-posterior.js';
export type { VectorMetric } from './distance.js';
export { rowDistance } from './distance.js';
export type {
  DistanceCalibration,
  DistanceCalibrationOptions,
  GeometricRelationOptions,
} from './geometric-relation.js';
export { calibrateDistanceThreshold, geometricRelation } from './geometric-relation.js';

// triplets for evaluation
export type { Triplet } from './triplets.js';
export { sampleTriplets, allTriplets } from './triplets.js';
export type { LabelChoiceOptions } from './label-choice.js';
export { labelsFromWorld, labelsFromCnn } from './label-choice.js';
export { labelRelation } from './label-relation.js';
export { classPosterior } from './class-posterior.js';
export type { CombinedRelationOptions } from './combined-relation.js';
export { combinedRelation, cnnPosteriorRelation } from './combined-relation.js';
export type { RelationInput, RelationOptions } from './relation.js';
export { relation } from './relation.js';
export type { OddOneOutAnswer } from './odd-one-out.js';
export { oddOneOut } from './odd-one-out.js';

// worlds: build, calibrate, membership, persistence
export type { WorldCalibration, CalibrationOptions, MembershipRule } from './calibration.js';
export { calibrateWorld, escapePValue, membershipPValue, stratifiedFolds } from './calibration.js';
export { nearestClusterDistance } from './cluster-distance.js';
export type { World, WorldOptions, WorldProvenance, WorldGuessOptions } from './world.js';
export { buildWorld, extendWorld, DEFAULT_WORLD_TREE } from './world.js';
export type {
  WorldMembership,
  MembershipOptions,
  CnnOutput,
  CnnOpinion,
  WorldGuessLabel,
} from './world-membership.js';
export { worldMembership, cnnOpinion, softmax } from './world-membership.js';
export { saveWorld, loadWorld, WORLD_FORMAT, WORLD_FORMAT_VERSION } from './world-persistence.js';

// surprise and asymmetry
export type { SurpriseBoundary, SurpriseResult } from './surprise.js';
export { surprise } from './surprise.js';
export type { AsymmetryData, AsymmetryPair, AsymmetryResult } from './asymmetry.js';
export { asymmetryExperiment } from './asymmetry.js';
