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
