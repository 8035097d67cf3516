import type { PointMatrix } from '../point-matrix.js';
import { resolveKMeansOptions } from '../seeding/kmeans-options.js';
import { kmeansProgram } from '../seeding/kmeans-program.js';
import { createKMeansState, releaseKMeansState } from '../seeding/kmeans-state.js';
import { runProgramSync } from '../seeding/run-program.js';
import type { KMeansOptions, KMeansResult } from '../seeding/seeding-types.js';
import { resolveWorkerCount, WorkerPool } from './worker-pool.js';

/** Options of {@link kmeansParallel}: those of {@link kmeans} plus the worker settings. */
export interface KMeansParallelOptions extends KMeansOptions {
  /** Worker threads. Default: the available cores. */
  readonly workers?: number;
  /**
   * Below this many multiply-adds per full assignment step (rows × cols × k) the work runs in the calling thread:
   * starting workers would cost more than it saves. Default 2 000 000.
   */
  readonly minWork?: number;
}

/**
 * k-means on worker threads over shared memory (Node only). Runs the same program and kernels as `kmeans` on the
 * same fixed row chunks and reduces in the same order, so for the same options it returns exactly the same
 * result as `kmeans`, just sooner on large inputs.
 */
export async function kmeansParallel(
  points: PointMatrix,
  options: KMeansParallelOptions,
): Promise<KMeansResult> {
  const o = resolveKMeansOptions(points, options);
  const workers = await resolveWorkerCount('kmeansParallel', options.workers);
  const trials = o.init === 'kmeans++' ? o.localTrials : 1;
  if (workers < 2 || points.rows * points.cols * o.k < (options.minWork ?? 2_000_000)) {
    const st = createKMeansState(points, o.k, trials, undefined, o.useSimd);
    try {
      return runProgramSync(st, kmeansProgram(st, o));
    } finally {
      releaseKMeansState(st);
    }
  }
  const st = createKMeansState(points, o.k, trials, (bytes) => new SharedArrayBuffer(bytes), o.useSimd);
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const pool = await WorkerPool.acquire(workers);
  try {
    // The SIMD binding holds functions (not cloneable): each worker binds its own to the shared wasm memory.
    await pool.run((w) => ({ type: 'kmeans-init', state: { ...st, simd: null }, counter, slot: w + 1 }));
    const program = kmeansProgram(st, o);
    let step = program.next();
    while (!step.done) {
      Atomics.store(counter, 0, 0);
      const op = step.value;
      await pool.run(() => ({ type: 'kmeans-op', op, total: st.nChunks }));
      step = program.next();
    }
    return step.value;
  } finally {
    await pool.release();
  }
}
