import type { Rng } from '../rng.js';

/** Result of one clustering run: plain data, no per-point objects. */
export interface KMeansResult {
  /** k × cols row-major centroids. */
  readonly centroids: Float64Array;
  /** Cluster index (0..k-1) of every input row. */
  readonly assignments: Int32Array;
  /** Number of clusters: the requested k, or fewer if the rows hold fewer distinct points. */
  readonly k: number;
  /** Sum of squared distances of points to their centroid (the distortion S_K). */
  readonly inertia: number;
  /** Number of Lloyd iterations (assignment steps) run. */
  readonly iterations: number;
  /**
   * True if Lloyd stopped because no assignment changed or the relative inertia decrease fell to `tolerance`;
   * false if it stopped at `maxIterations`.
   */
  readonly converged: boolean;
}

/** How k-means picks its starting centroids: k-means++ seeding, or k distinct rows drawn uniformly at random. */
export type KMeansInit = 'kmeans++' | 'random';

/** Options of {@link kmeans}. */
export interface KMeansOptions {
  /** Number of clusters (required, 1 ≤ k ≤ rows). */
  readonly k: number;
  /** Initialisation. Default 'kmeans++'. */
  readonly init?: KMeansInit;
  /** Lloyd iteration cap. Default 300. */
  readonly maxIterations?: number;
  /** Stop when the relative inertia change falls below this. Default 1e-4. */
  readonly tolerance?: number;
  /** Seed for the internal RNG (ignored if `rng` is given). Default 0. */
  readonly seed?: number;
  /** An RNG to draw from instead of creating one from `seed`. */
  readonly rng?: Rng;
  /** k-means++ candidates tried per centre (greedy local trials). Default 2 + ⌊ln k⌋, as scikit-learn. */
  readonly localTrials?: number;
  /**
   * Distance kernels: 'js' = the plain TypeScript loops (the reference), 'wasm' = WebAssembly SIMD (same
   * algorithm, sums in another order), 'auto' = wasm when available and the input is large enough to pay
   * for copying it into wasm memory (rows·cols·k ≥ 5e4). Default 'auto'.
   */
  readonly kernel?: KMeansKernel;
}

/** Which distance kernels k-means uses (see {@link KMeansOptions.kernel}). */
export type KMeansKernel = 'auto' | 'js' | 'wasm';

/** Options of {@link detK}. */
export interface DetKOptions {
  /** Smallest K considered and the fallback when there is no clear structure. Default 1. */
  readonly minK?: number;
  /** Largest K considered (clamped to the number of distinct points). Default 10. */
  readonly maxK?: number;
  /** f(K) at or above this means "no clear structure" → minK. Default 0.85. */
  readonly threshold?: number;
  /** Lloyd iteration cap of each k-means run. Default 300. */
  readonly maxIterations?: number;
  /** Seed for the internal RNG (ignored if `rng` is given). Default 0. */
  readonly seed?: number;
  /** An RNG to draw from instead of creating one from `seed`; shared by all k-means runs. */
  readonly rng?: Rng;
}

/** Result of {@link detK}: the k-means run for the chosen K, plus f(K) for every K tried. */
export interface DetKResult extends KMeansResult {
  /** f(K) for K = 1..maxK (index K-1). */
  readonly fK: Float64Array;
}
