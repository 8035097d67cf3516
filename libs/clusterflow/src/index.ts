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
  KMeansOptions,
  DetKOptions,
  DetKResult,
} from './seeding/seeding-types.js';
export { kmeans } from './seeding/kmeans.js';
export { kmeansPlusPlus } from './seeding/kmeans-plus-plus.js';
export type { KMeansPlusPlusOptions, KMeansPlusPlusResult } from './seeding/kmeans-plus-plus.js';
export { detK, detKAlpha, detKScores } from './seeding/detk.js';
export { ClusterFlowError, InvalidInputError } from './errors/clusterflow-error.js';

// metrics
export type { LabelArray } from './metrics/labels.js';
export { normalizedMutualInformation } from './metrics/normalized-mutual-information.js';
export { clusteringAccuracy } from './metrics/clustering-accuracy.js';
export { purity } from './metrics/purity.js';
export { silhouetteScore } from './metrics/silhouette-score.js';
export type { SilhouetteOptions } from './metrics/silhouette-score.js';

// boxes

// tree, guessing, serialization
