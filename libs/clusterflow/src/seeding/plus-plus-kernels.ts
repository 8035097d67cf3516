// The three data-parallel steps of k-means++ seeding with local trials (Arthur & Vassilvitskii; scikit-learn's
// greedy variant): distances to the first centre, to every trial candidate, and committing the chosen one.
import type { KMeansState } from './kmeans-state.js';
import { dots4, sqDistCompleteVec, sqDistMasked, sqDistToVec } from './row-distances.js';

/** k-means++ after the first centre: every row's distance to it, and the chunk's potential (their sum). */
export function ppFirst(st: KMeansState, chunk: number, start: number, end: number): void {
  let pot = 0;
  for (let i = start; i < end; i++) {
    const d = sqDistToVec(st, i, st.centroids, 0, st.cnorm[0]);
    st.minD[i] = d;
    st.assign[i] = 0;
    pot += d;
  }
  st.chunkScalar[chunk * st.trialsMax] = pot;
}

/**
 * Distances to each candidate, skipping rows the candidate cannot improve: if ‖c − c_a‖² ≥ 4·D(x) then by the
 * triangle inequality ‖x − c‖ ≥ ‖x − c_a‖ (only valid for complete rows, whose distance is a true metric).
 * The candidates a row does need are done four at a time.
 */
export function ppTrials(st: KMeansState, chunk: number, start: number, end: number, trials: number): void {
  const { n, kMax, minD, assign, candD, candToCenter, candNorm, known, cols, xnorm, cand } = st;
  const improve = new Float64Array(trials);
  const need = new Int32Array(trials);
  const dots = new Float64Array(4);
  for (let i = start; i < end; i++) {
    const md = minD[i];
    const a = assign[i];
    if (known[i] !== cols) {
      for (let t = 0; t < trials; t++) {
        const d = sqDistMasked(st, i, cand, t * cols);
        candD[t * n + i] = d;
        if (d < md) improve[t] += md - d;
      }
      continue;
    }
    let m = 0;
    for (let t = 0; t < trials; t++) {
      if (candToCenter[t * kMax + a] >= 4 * md) candD[t * n + i] = md;
      else need[m++] = t;
    }
    const xn = xnorm[i];
    let q = 0;
    for (; q + 3 < m; q += 4) {
      dots4(st, i, cand, need[q] * cols, need[q + 1] * cols, need[q + 2] * cols, need[q + 3] * cols, dots);
      for (let r = 0; r < 4; r++) {
        const t = need[q + r];
        const d2 = xn - 2 * dots[r] + candNorm[t];
        const d = d2 > 0 ? d2 : 0;
        candD[t * n + i] = d;
        if (d < md) improve[t] += md - d;
      }
    }
    for (; q < m; q++) {
      const t = need[q];
      const d = sqDistCompleteVec(st, i, cand, t * cols, candNorm[t]);
      candD[t * n + i] = d;
      if (d < md) improve[t] += md - d;
    }
  }
  for (let t = 0; t < trials; t++) st.chunkScalar[chunk * st.trialsMax + t] = improve[t];
}

/** Keeps the chosen trial as the next centre: rows it is closer to move to it; the chunk's new potential. */
export function ppCommit(
  st: KMeansState,
  chunk: number,
  start: number,
  end: number,
  trial: number,
  center: number,
): void {
  const { n, minD, assign, candD } = st;
  let pot = 0;
  for (let i = start; i < end; i++) {
    const d = candD[trial * n + i];
    if (d < minD[i]) {
      minD[i] = d;
      assign[i] = center;
    }
    pot += minD[i];
  }
  st.chunkScalar[chunk * st.trialsMax] = pot;
}
