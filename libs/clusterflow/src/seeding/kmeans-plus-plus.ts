import { InvalidInputError } from '../errors/clusterflow-error.js';
import type { PointMatrix } from '../point-matrix.js';
import type { Rng } from '../rng.js';
import { resolveKMeansOptions } from './kmeans-options.js';
import { plusPlusProgram } from './kmeans-program.js';
import { createKMeansState, releaseKMeansState } from './kmeans-state.js';
import { runProgramSync } from './run-program.js';
import type { KMeansKernel } from './seeding-types.js';

/** Options of {@link kmeansPlusPlus}. */
export interface KMeansPlusPlusOptions {
  /** Candidates tried per centre (greedy k-means++). Default 2 + ⌊ln k⌋ (scikit-learn's choice); 1 = classic. */
  readonly localTrials?: number;
  /** Seed for the internal RNG (ignored if `rng` is given). Default 0. */
  readonly seed?: number;
  /** An RNG to draw from instead of creating one from `seed`. */
  readonly rng?: Rng;
  /** Distance kernels, as in KMeansOptions ('auto' | 'js' | 'wasm'). Default 'auto'. */
  readonly kernel?: KMeansKernel;
}

/** Result of {@link kmeansPlusPlus}: the chosen centres and the assignment of every row to its closest one. */
export interface KMeansPlusPlusResult {
  /** k × cols row-major centres (rows of the input; gaps filled with column means). */
  readonly centers: Float64Array;
  /** Number of centres: k, or fewer if the rows hold fewer distinct points. */
  readonly k: number;
  /** Index of the closest centre of every row. */
  readonly assignments: Int32Array;
  /** Sum of squared distances of the rows to their closest centre. */
  readonly potential: number;
}

/**
 * k-means++ seeding (Arthur & Vassilvitskii 2007) with greedy local trials: each new centre is the best of
 * `localTrials` rows drawn with probability ∝ D(x)². Distances to a candidate are skipped for rows it provably
 * cannot bring closer (triangle inequality), which is exact and saves most of the work on clustered data.
 */
export function kmeansPlusPlus(
  points: PointMatrix,
  k: number,
  options: KMeansPlusPlusOptions = {},
): KMeansPlusPlusResult {
  if (points.rows < 1)
    throw new InvalidInputError('kmeansPlusPlus: points has 0 rows; at least 1 is required');
  if (!Number.isInteger(k) || k < 1 || k > points.rows) {
    throw new InvalidInputError(
      `kmeansPlusPlus: k must be an integer with 1 <= k <= rows (${points.rows}), got ${k}`,
    );
  }
  // Same validation and kernel choice as kmeans.
  const o = resolveKMeansOptions(points, {
    k,
    localTrials: options.localTrials,
    seed: options.seed,
    rng: options.rng,
    kernel: options.kernel,
  });
  const st = createKMeansState(points, k, o.localTrials, undefined, o.useSimd);
  try {
    const chosen = runProgramSync(st, plusPlusProgram(st, k, o.rng, o.localTrials));
    let potential = 0;
    for (let i = 0; i < st.n; i++) potential += st.minD[i];
    return {
      centers: st.centroids.slice(0, chosen * st.cols),
      k: chosen,
      assignments: st.assign.slice(),
      potential,
    };
  } finally {
    releaseKMeansState(st);
  }
}
