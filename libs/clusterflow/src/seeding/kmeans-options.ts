import { InvalidInputError } from '../errors/clusterflow-error.js';
import type { PointMatrix } from '../point-matrix.js';
import { createRng, type Rng } from '../rng.js';
import type { KMeansInit, KMeansOptions } from './seeding-types.js';
import { defaultLocalTrials } from './kmeans-state.js';

/** KMeansOptions with every default filled in and every value checked. */
export interface ResolvedKMeansOptions {
  readonly k: number;
  readonly init: KMeansInit;
  readonly maxIterations: number;
  readonly tolerance: number;
  readonly localTrials: number;
  readonly rng: Rng;
}

export function resolveKMeansOptions(points: PointMatrix, options: KMeansOptions): ResolvedKMeansOptions {
  const { k } = options;
  if (points.rows < 1) {
    throw new InvalidInputError('k-means: points has 0 rows; at least 1 row is required');
  }
  if (!Number.isInteger(k) || k < 1 || k > points.rows) {
    throw new InvalidInputError(
      `k-means: k must be an integer with 1 <= k <= rows (${points.rows}), got ${k}`,
    );
  }
  const init = options.init ?? 'kmeans++';
  if (init !== 'kmeans++' && init !== 'random') {
    throw new InvalidInputError(`k-means: init must be 'kmeans++' or 'random', got '${String(init)}'`);
  }
  const maxIterations = options.maxIterations ?? 300;
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    throw new InvalidInputError(`k-means: maxIterations must be an integer >= 1, got ${maxIterations}`);
  }
  const tolerance = options.tolerance ?? 1e-4;
  if (!(tolerance >= 0)) throw new InvalidInputError(`k-means: tolerance must be >= 0, got ${tolerance}`);
  const localTrials = options.localTrials ?? defaultLocalTrials(k);
  if (!Number.isInteger(localTrials) || localTrials < 1) {
    throw new InvalidInputError(`k-means: localTrials must be an integer >= 1, got ${localTrials}`);
  }
  return { k, init, maxIterations, tolerance, localTrials, rng: options.rng ?? createRng(options.seed ?? 0) };
}
