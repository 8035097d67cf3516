import { runKernel } from './kmeans-kernels.js';
import type { KMeansProgram } from './kmeans-program.js';
import type { KMeansState } from './kmeans-state.js';

/** Runs a k-means program in the calling thread: every yielded op over every chunk, in chunk order. */
export function runProgramSync<T>(st: KMeansState, program: KMeansProgram<T>): T {
  let step = program.next();
  while (!step.done) {
    for (let c = 0; c < st.nChunks; c++) runKernel(st, step.value, c);
    step = program.next();
  }
  return step.value;
}
