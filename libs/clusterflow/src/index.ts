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

// metrics

// boxes

// tree, guessing, serialization
