import { accumulateSums } from './accumulate-kernel.js';
import { assignFull, assignHamerly } from './assignment-kernels.js';
import type { KMeansState } from './kmeans-state.js';
import { ppCommit, ppFirst, ppTrials } from './plus-plus-kernels.js';

/**
 * One data-parallel step of k-means / k-means++. A driver runs it over every row chunk, in-process (sync path)
 * or in worker threads (parallel path); each call touches only its chunk's rows and its chunk's partial slots.
 */
export type KernelOp =
  | { readonly kind: 'pp-first' }
  | { readonly kind: 'pp-trials'; readonly trials: number }
  | { readonly kind: 'pp-commit'; readonly trial: number; readonly center: number }
  | { readonly kind: 'assign-full'; readonly k: number }
  | { readonly kind: 'assign-hamerly'; readonly k: number }
  | { readonly kind: 'accumulate'; readonly k: number };

/** Runs `op` on the rows of chunk `chunk`. */
export function runKernel(st: KMeansState, op: KernelOp, chunk: number): void {
  const start = chunk * st.chunkSize;
  const end = Math.min(st.n, start + st.chunkSize);
  switch (op.kind) {
    case 'pp-first':
      ppFirst(st, chunk, start, end);
      return;
    case 'pp-trials':
      ppTrials(st, chunk, start, end, op.trials);
      return;
    case 'pp-commit':
      ppCommit(st, chunk, start, end, op.trial, op.center);
      return;
    case 'assign-full':
      assignFull(st, chunk, start, end, op.k);
      return;
    case 'assign-hamerly':
      assignHamerly(st, chunk, start, end, op.k);
      return;
    case 'accumulate':
      accumulateSums(st, chunk, start, end, op.k);
      return;
  }
}
