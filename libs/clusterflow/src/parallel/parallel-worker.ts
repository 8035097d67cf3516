/**
 * Worker-thread entry of the parallel paths. It runs the very same kernels as the sync path on shared memory:
 * k-means chunks are taken from a shared atomic counter (any worker may do any chunk: each chunk writes only its
 * own slots, so results do not depend on who did what); silhouette tiles are dealt round-robin to per-worker sums.
 */
import { parentPort } from 'node:worker_threads';
import { silhouetteTile, type SilhouetteInput } from '../metrics/silhouette-score.js';
import { runKernel, type KernelOp } from '../seeding/kmeans-kernels.js';
import type { KMeansState } from '../seeding/kmeans-state.js';
import { bindSimd, type WasmMemory } from '../seeding/simd-kernels.js';
import type { WorkerRequest } from './worker-pool.js';

let state: KMeansState | undefined;
let counter: Int32Array | undefined;

function handle(msg: WorkerRequest): void {
  switch (msg.type) {
    case 'reset':
      state = undefined;
      counter = undefined;
      return;
    case 'kmeans-init':
      state = msg.state as KMeansState;
      if (state.simdMemory) state.simd = bindSimd(state.simdMemory, msg.slot);
      counter = msg.counter;
      return;
    case 'kmeans-op': {
      if (!state || !counter) throw new Error('parallel-worker: kmeans-op before kmeans-init');
      const op = msg.op as KernelOp;
      for (;;) {
        const c = Atomics.add(counter, 0, 1);
        if (c >= msg.total) break;
        runKernel(state, op, c);
      }
      return;
    }
    case 'silhouette': {
      const base = msg.input as SilhouetteInput;
      const memory = msg.simdMemory as WasmMemory | null;
      // Thread slot 0 is the main thread's: worker w uses slot w + 1 (scratch and Gram tile).
      const input: SilhouetteInput = memory
        ? {
            ...base,
            simd: bindSimd(memory, msg.worker + 1),
            tilePtr: base.tilePtr + (msg.worker + 1) * base.tileBytes,
          }
        : base;
      const { tiles, blockSize, sums } = msg;
      for (let t = msg.worker; 2 * t < tiles.length; t += msg.workers) {
        const i0 = tiles[2 * t] * blockSize;
        const j0 = tiles[2 * t + 1] * blockSize;
        silhouetteTile(
          input,
          sums,
          i0,
          Math.min(input.n, i0 + blockSize),
          j0,
          Math.min(input.n, j0 + blockSize),
        );
      }
      return;
    }
  }
}

parentPort?.on('message', (msg: WorkerRequest) => {
  handle(msg);
  parentPort?.postMessage('done');
});
