import { InvalidInputError } from '../errors/clusterflow-error.js';
import type { PointMatrix } from '../point-matrix.js';
import { createRng, type Rng } from '../rng.js';
import type { KMeansInit, KMeansOptions } from './seeding-types.js';
import { simdAvailable } from './simd-kernels.js';
import { defaultLocalTrials } from './kmeans-state.js';

/** KMeansOptions with every default filled in and every value checked. */
export interface ResolvedKMeansOptions {
  readonly k: number;
  readonly init: KMeansInit;
  readonly maxIterations: number;
  readonly tolerance: number;
  readonly localTrials: number;
  readonly rng: Rng;
  /** Use the WebAssembly SIMD kernels. */
  readonly useSimd: boolean;
}

/** Below this many multiply-adds per assignment step, copying into wasm memory costs more than SIMD saves. */
const SIMD_MIN_WORK = 50_000;
const SIMD_MAX_BYTES = 2 ** 31;

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
  const kernel = options.kernel ?? 'auto';
  if (kernel !== 'auto' && kernel !== 'js' && kernel !== 'wasm') {
    throw new InvalidInputError(`k-means: kernel must be 'auto', 'js' or 'wasm', got '${String(kernel)}'`);
  }
  if (kernel === 'wasm' && !simdAvailable()) {
    throw new InvalidInputError(
      "k-means: kernel 'wasm' needs WebAssembly SIMD and SharedArrayBuffer, not available here; use 'js' or 'auto'",
    );
  }
  // wasm32 memory tops out at 4 GiB: leave inputs that would not fit comfortably on the TypeScript path.
  const fits = points.rows * points.cols * points.data.BYTES_PER_ELEMENT < SIMD_MAX_BYTES;
  if (kernel === 'wasm' && !fits) {
    throw new InvalidInputError(
      `k-means: kernel 'wasm' holds at most ${SIMD_MAX_BYTES} bytes of rows; use 'js'`,
    );
  }
  const useSimd =
    kernel === 'wasm' ||
    (kernel === 'auto' && fits && points.rows * points.cols * k >= SIMD_MIN_WORK && simdAvailable());
  const rng = options.rng ?? createRng(options.seed ?? 0);
  return { k, init, maxIterations, tolerance, localTrials, rng, useSimd };
}
