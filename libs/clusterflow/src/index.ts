// @clusterflow/clusterflow — public API. One line per export; each helper adds lines in its own section.

// points and randomness
export type { PointMatrix } from './point-matrix.js';
export { pointMatrix, fromRows, selectRows } from './point-matrix.js';
export type { Rng } from './rng.js';
export { createRng } from './rng.js';

// seeding (k-means, k-means++, detK)
export type {
  KMeansResult,
  KMeansInit,
  KMeansKernel,
  KMeansOptions,
  DetKOptions,
  DetKResult,
} from './seeding/seeding-types.js';
export { kmeans } from './seeding/kmeans.js';
export { kmeansPlusPlus } from './seeding/kmeans-plus-plus.js';
export type { KMeansPlusPlusOptions, KMeansPlusPlusResult } from './seeding/kmeans-plus-plus.js';
export { detK, detKAlpha, detKScores } from './seeding/detk.js';
export { ClusterFlowError, InvalidInputError } from './errors/clusterflow-error.js';
export { kmeansParallel } from './parallel/kmeans-parallel.js';
export type { KMeansParallelOptions } from './parallel/kmeans-parallel.js';

// metrics
export type { LabelArray } from './metrics/labels.js';
export { normalizedMutualInformation } from './metrics/normalized-mutual-information.js';
export { clusteringAccuracy } from './metrics/clustering-accuracy.js';
export { purity } from './metrics/purity.js';
export { adjustedRandIndex } from './metrics/adjusted-rand-index.js';
export { silhouetteScore } from './metrics/silhouette-score.js';
export type { SilhouetteOptions } from './metrics/silhouette-score.js';
export { silhouetteScoreParallel } from './parallel/silhouette-parallel.js';
export type { SilhouetteParallelOptions } from './parallel/silhouette-parallel.js';

// projection (2-D maps: PCA)
export type { PcaOptions, PcaModel } from './projection/pca.js';
export { fitPca, transformPca } from './projection/pca.js';

// boxes
export type {
  BoxKind,
  BoxMetric,
  BoxFitOptions,
  BoxState,
  BoxStats,
  ClusterBox,
  EscapeEvidence,
} from './boxes/cluster-box.js';
export { Box } from './boxes/box.js';
export { LowerDimensionalBox } from './boxes/lower-dimensional-box.js';
export { PartialDimensionalBox } from './boxes/partial-dimensional-box.js';
export { fitBox, boxFromState } from './boxes/box-factory.js';
export { BoxSet } from './boxes/box-set.js';
export { SIGMA_FLOOR_FRACTION, SIGMA_FLOOR_ABSOLUTE, sigmaFloorOf } from './boxes/sigma-floor.js';
export type { RowStore } from './boxes/row-store.js';
export { rowStoreOf } from './boxes/row-store.js';

// tree, guessing, serialization
export type {
  TreeBuildOptions,
  TreeProgress,
  SeedingMethod,
  ResolvedTreeOptions,
} from './tree/tree-options.js';
export type { ClusterNode, NodeKind, LeafReason } from './tree/cluster-node.js';
export { buildTree } from './tree/build-tree.js';
export { buildTreeStreaming } from './tree/build-tree-streaming.js';
export type { TreeBatch } from './tree/build-tree-streaming.js';
export { ClusterTree } from './tree/cluster-tree.js';
export type { TreeSummary, ClusterTreeParts } from './tree/cluster-tree.js';
export type {
  Guess,
  GuessOptions,
  GuessSource,
  LabelScore,
  Membership,
  MembershipEvidence,
} from './guess/guess-types.js';
export { saveTree, TREE_FORMAT, TREE_FORMAT_VERSION } from './serialization/save-tree.js';
export { loadTree } from './serialization/load-tree.js';
export { TreeFormatError } from './serialization/tree-format-error.js';
export type { TreeFormatErrorCode } from './serialization/tree-format-error.js';
