import type { PointMatrix } from '../point-matrix.js';
import { resolveKMeansOptions } from './kmeans-options.js';
import { kmeansProgram } from './kmeans-program.js';
import { createKMeansState, releaseKMeansState } from './kmeans-state.js';
import { runProgramSync } from './run-program.js';
import type { KMeansOptions, KMeansResult } from './seeding-types.js';

/**
 * k-means (Lloyd's algorithm, accelerated with Hamerly's bounds) from a k-means++ (default) or random start.
 * Synchronous and deterministic: same seed ⇒ same result. Rows may contain NaN: distances use the known
 * dimensions only (scaled by cols/known), centroids average known values only. If the rows hold fewer than k
 * distinct points, k is clamped (see `result.k`). This is the reference path; `kmeansParallel` gives the same
 * result using worker threads.
 *
 * @throws InvalidInputError for 0 rows, k outside 1..rows, infinite values or invalid options.
 */
export function kmeans(points: PointMatrix, options: KMeansOptions): KMeansResult {
  const o = resolveKMeansOptions(points, options);
  const st = createKMeansState(points, o.k, o.init === 'kmeans++' ? o.localTrials : 1, undefined, o.useSimd);
  try {
    return runProgramSync(st, kmeansProgram(st, o));
  } finally {
    releaseKMeansState(st);
  }
}
