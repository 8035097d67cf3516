// @clusterflow/deep-clustering — public API. One line per export, grouped by concept.

/** Version of `@clusterflow/deep-clustering` (matches its package.json). */
export const VERSION = '0.1.0';

// metric-learning losses
export { MetricLearningError, type MetricLearningErrorCode } from './losses/metric-learning-error.js';
export type { LossLabels } from './losses/loss-labels.js';
export { silhouetteLoss, type SilhouetteLossOptions } from './losses/silhouette-loss.js';
export { contrastiveLoss, type ContrastiveLossOptions } from './losses/contrastive-loss.js';
export { batchHardTripletLoss, type BatchHardTripletLossOptions } from './losses/batch-hard-triplet-loss.js';
export { cosineCorelLoss, type CosineCorelLossOptions } from './losses/cosine-corel-loss.js';
export { gaussianCorelLoss, type GaussianCorelLossOptions } from './losses/gaussian-corel-loss.js';
export { softmaxCrossEntropyLoss, type LinearClassifier } from './losses/softmax-cross-entropy-loss.js';

// embedding head
export type { HeadSpace, HeadSpaceLayer } from './embedding/head-space.js';
export { headSpace } from './embedding/head-space.js';
export type { TrainHeadSpaceOptions } from './embedding/train-head-space.js';
export { trainHeadSpace } from './embedding/train-head-space.js';
export type { FeatureRows } from './embedding/feature-rows.js';
export type {
  EmbeddingLossName,
  EmbeddingLossSpec,
  NamedLoss,
  ResolvedLossSpec,
} from './embedding/embedding-loss.js';
export {
  trainEmbeddingHead,
  type TrainEmbeddingHeadOptions,
  type EmbeddingEpoch,
} from './embedding/train-embedding-head.js';
export {
  EmbeddingHead,
  EMBEDDING_HEAD_FORMAT,
  EMBEDDING_HEAD_FORMAT_VERSION,
} from './embedding/embedding-head.js';
export type {
  EmbeddingHeadManifest,
  EmbeddingHeadState,
  SavedEmbeddingHead,
  WeightSpec,
  DenseLayer,
} from './embedding/embedding-head.js';

// errors and data
export {
  DeepClusteringError,
  isDeepClusteringError,
  type DeepClusteringErrorCode,
} from './data/deep-clustering-error.js';
export type { Dataset } from './data/dataset.js';
export { validateData, validateRows, validateK } from './data/validate-data.js';
export { loadMnist, type LoadMnistOptions } from './data/load-mnist.js';
export {
  loadFashionMnist,
  FASHION_MNIST_CLASSES,
  type LoadFashionMnistOptions,
  type FashionMnistDataset,
} from './data/load-fashion-mnist.js';
export { loadActivationDataset } from './data/load-activation-dataset.js';

// DDC
export { DDC, architectureDifference, type DdcOptions, type DdcFitOptions } from './ddc/ddc.js';
export { DdcModel, DDC_FORMAT, type DdcEpoch } from './ddc/ddc-model.js';
export type { DdcInput } from './ddc/ddc-input.js';
export {
  ddcLoss,
  pairwiseSquaredDistances,
  medianOffDiagonal,
  type DdcLossOptions,
  type DdcLossTerms,
  type DdcLossScaling,
} from './ddc/ddc-loss.js';
export type { DdcArchitecture, DdcVariant, DdcNetwork } from './ddc/ddc-network.js';
export { SeededRng } from './ddc/seeded-rng.js';
export { ensureBackend } from './ddc/ensure-backend.js';

// DDC-VOTE
export { alignClusters } from './vote/align-clusters.js';
export { voteClusterings, type VoteCandidate, type VoteResult } from './vote/vote-clusterings.js';
export {
  DDCVote,
  type DdcVoteOptions,
  type DdcVoteRun,
  type DdcVoteResult,
  type DdcVoteFitOptions,
} from './vote/ddc-vote.js';

// DeepCluster
export {
  DeepCluster,
  type DeepClusterOptions,
  type DeepClusterEpoch,
  type DeepClusterResult,
  type DeepClusterFitOptions,
} from './deepcluster/deep-cluster.js';
export { pcaWhiten } from './deepcluster/pca-whiten.js';
export { reseedEmptyClusters, uniformOverClasses } from './deepcluster/pseudo-labels.js';

// Gaussian mixture
export { GaussianMixture, type GaussianMixtureOptions } from './gmm/gaussian-mixture.js';
export {
  GaussianMixtureModel,
  type GaussianMixtureState,
  type CovarianceType,
} from './gmm/gaussian-mixture-model.js';

// N2D
export { N2D, type N2dOptions, type N2dFitOptions } from './n2d/n2d.js';
export { N2DModel, N2D_FORMAT, type N2dModelParts } from './n2d/n2d-model.js';
export type { N2dEpoch, N2dProgress } from './n2d/n2d-epoch.js';
export type { Autoencoder, AutoencoderArchitecture } from './n2d/autoencoder.js';
