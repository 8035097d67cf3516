// @clusterflow/deep-clustering — public API. One line per export, grouped by concept.

/** Version of `@clusterflow/deep-clustering` (matches its package.json). */
export const VERSION = '0.1.0';

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
