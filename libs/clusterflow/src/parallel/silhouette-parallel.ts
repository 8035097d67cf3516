import {
  finishSilhouette,
  prepareSilhouette,
  resolveBlockSize,
  silhouetteTiles,
  type SilhouetteOptions,
} from '../metrics/silhouette-score.js';
import type { LabelArray } from '../metrics/labels.js';
import type { PointMatrix } from '../point-matrix.js';
import { resolveWorkerCount, WorkerPool } from './worker-pool.js';

/** Options of {@link silhouetteScoreParallel}: those of {@link silhouetteScore} plus the worker count. */
export interface SilhouetteParallelOptions extends SilhouetteOptions {
  /** Worker threads. Default: the available cores. */
  readonly workers?: number;
}

/**
 * `silhouetteScore` on worker threads (Node only): the tiles of the block-wise computation are dealt round-robin
 * to the workers, each with its own per-row sums, reduced in worker order (deterministic for a worker count;
 * equal to the sync score up to rounding).
 */
export async function silhouetteScoreParallel(
  points: PointMatrix,
  assignments: LabelArray,
  options: SilhouetteParallelOptions = {},
): Promise<number> {
  const blockSize = resolveBlockSize(options);
  const workers = await resolveWorkerCount('silhouetteScoreParallel', options.workers);
  const prepared = prepareSilhouette(points, assignments, options, workers);
  // Data into shared memory once, so workers read it without copies.
  const shared = (a: Float32Array | Float64Array | Int32Array): typeof a => {
    const ctor = a.constructor as new (b: SharedArrayBuffer) => typeof a;
    const out = new ctor(new SharedArrayBuffer(a.byteLength));
    out.set(a);
    return out;
  };
  // With SIMD the rows already sit in shared wasm memory, where the workers' kernels read them.
  const input = {
    ...prepared,
    simd: null,
    data: prepared.simd ? prepared.data : (shared(prepared.data) as Float32Array | Float64Array),
    xnorm: shared(prepared.xnorm) as Float64Array,
    codes: shared(prepared.codes) as Int32Array,
  };
  const tiles = silhouetteTiles(input.n, blockSize);
  const len = input.n * input.labelCount;
  const sums = Array.from({ length: workers }, () => new Float64Array(new SharedArrayBuffer(len * 8)));
  const pool = await WorkerPool.acquire(workers);
  const simdMemory = prepared.simd ? prepared.simd.memory : null;
  try {
    await pool.run((w) => ({
      type: 'silhouette',
      input,
      sums: sums[w],
      tiles,
      blockSize,
      worker: w,
      workers,
      simdMemory,
    }));
  } finally {
    await pool.release();
  }
  const total = sums[0];
  for (let w = 1; w < workers; w++) for (let i = 0; i < len; i++) total[i] += sums[w][i];
  return finishSilhouette(prepared, total);
}
