import type { KMeansState } from './kmeans-state.js';
import { sqDistCompleteVec, sqDistsAll } from './row-distances.js';

/**
 * Row i to its nearest centroid: distances to all k, best and second best (the Hamerly bounds start from
 * their square roots). `dist` is scratch of length k. Returns 1 when the row changed centroid, else 0.
 */
function assignNearest(st: KMeansState, i: number, k: number, dist: Float64Array): number {
  sqDistsAll(st, i, k, dist);
  let best = 0;
  let b1 = dist[0];
  let b2 = Infinity;
  for (let j = 1; j < k; j++) {
    const v = dist[j];
    if (v < b1) {
      b2 = b1;
      b1 = v;
      best = j;
    } else if (v < b2) b2 = v;
  }
  const changed = st.assign[i] !== best ? 1 : 0;
  st.assign[i] = best;
  st.upper[i] = Math.sqrt(b1);
  st.lower[i] = Math.sqrt(b2);
  return changed;
}

/** Full assignment: best and second-best centroid of every row; initialises the Hamerly bounds. */
export function assignFull(st: KMeansState, chunk: number, start: number, end: number, k: number): void {
  const dist = new Float64Array(k);
  let changed = 0;
  for (let i = start; i < end; i++) changed += assignNearest(st, i, k, dist);
  st.chunkChanged[chunk] = changed;
}

/**
 * Hamerly's assignment step: after the centroids moved, a row whose upper bound is below both its lower bound and
 * half the gap to its centroid's nearest neighbour keeps its centroid without computing any distance.
 */
export function assignHamerly(st: KMeansState, chunk: number, start: number, end: number, k: number): void {
  const { assign, upper, lower, half, drift, lowerDrift, known, cols, centroids, cnorm } = st;
  const dist = new Float64Array(k);
  let changed = 0;
  for (let i = start; i < end; i++) {
    const a = assign[i];
    if (known[i] === cols) {
      let u = upper[i] + drift[a];
      const l = lower[i] - lowerDrift[a];
      const m = half[a] > l ? half[a] : l;
      if (u <= m) {
        upper[i] = u;
        lower[i] = l;
        continue;
      }
      u = Math.sqrt(sqDistCompleteVec(st, i, centroids, a * cols, cnorm[a]));
      if (u <= m) {
        upper[i] = u;
        lower[i] = l;
        continue;
      }
    }
    changed += assignNearest(st, i, k, dist);
  }
  st.chunkChanged[chunk] = changed;
}
