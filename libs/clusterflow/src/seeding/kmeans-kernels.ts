import type { KMeansState } from './kmeans-state.js';

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
      accumulate(st, chunk, start, end, op.k);
      return;
  }
}

/**
 * Squared distances from complete row i to centroids 0..k-1 via ‖x‖² − 2x·c + ‖c‖², four centroids per pass so
 * each loaded coordinate of x feeds four multiply-adds.
 */
function sqDistsComplete(st: KMeansState, i: number, k: number, out: Float64Array): void {
  const { cols, data, centroids: c, cnorm } = st;
  const off = i * cols;
  const xn = st.xnorm[i];
  if (st.simd) {
    const { exports: w, outPtr, out: r } = st.simd;
    const f32 = data instanceof Float32Array;
    const x = data.byteOffset + off * data.BYTES_PER_ELEMENT;
    const row = cols * 8;
    let j = 0;
    for (; j + 3 < k; j += 4) {
      const p = c.byteOffset + j * row;
      if (f32) w.dots_f32_4(x, p, p + row, p + 2 * row, p + 3 * row, cols, outPtr);
      else w.dots_f64_4(x, p, p + row, p + 2 * row, p + 3 * row, cols, outPtr);
      out[j] = xn - 2 * r[0] + cnorm[j];
      out[j + 1] = xn - 2 * r[1] + cnorm[j + 1];
      out[j + 2] = xn - 2 * r[2] + cnorm[j + 2];
      out[j + 3] = xn - 2 * r[3] + cnorm[j + 3];
    }
    for (; j < k; j++) {
      const p = c.byteOffset + j * row;
      if (f32) w.dots_f32_1(x, p, cols, outPtr);
      else w.dots_1x1_f64(x, p, cols, outPtr);
      out[j] = xn - 2 * r[0] + cnorm[j];
    }
    return;
  }
  let j = 0;
  for (; j + 3 < k; j += 4) {
    const o0 = j * cols;
    const o1 = o0 + cols;
    const o2 = o1 + cols;
    const o3 = o2 + cols;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let d = 0; d < cols; d++) {
      const v = data[off + d];
      s0 += v * c[o0 + d];
      s1 += v * c[o1 + d];
      s2 += v * c[o2 + d];
      s3 += v * c[o3 + d];
    }
    out[j] = xn - 2 * s0 + cnorm[j];
    out[j + 1] = xn - 2 * s1 + cnorm[j + 1];
    out[j + 2] = xn - 2 * s2 + cnorm[j + 2];
    out[j + 3] = xn - 2 * s3 + cnorm[j + 3];
  }
  for (; j < k; j++) {
    const o = j * cols;
    let s = 0;
    for (let d = 0; d < cols; d++) s += data[off + d] * c[o + d];
    out[j] = xn - 2 * s + cnorm[j];
  }
}

/** Squared distance from complete row i to one complete vector (norm given). */
function sqDistCompleteVec(
  st: KMeansState,
  i: number,
  vec: Float64Array,
  vOff: number,
  vNorm: number,
): number {
  const { cols, data } = st;
  const off = i * cols;
  if (st.simd) {
    const x = data.byteOffset + off * data.BYTES_PER_ELEMENT;
    const p = vec.byteOffset + vOff * 8;
    if (data instanceof Float32Array) st.simd.exports.dots_f32_1(x, p, cols, st.simd.outPtr);
    else st.simd.exports.dots_1x1_f64(x, p, cols, st.simd.outPtr);
    const d = st.xnorm[i] - 2 * st.simd.out[0] + vNorm;
    return d > 0 ? d : 0;
  }
  let s0 = 0;
  let s1 = 0;
  let d = 0;
  for (; d + 1 < cols; d += 2) {
    s0 += data[off + d] * vec[vOff + d];
    s1 += data[off + d + 1] * vec[vOff + d + 1];
  }
  if (d < cols) s0 += data[off + d] * vec[vOff + d];
  const r = st.xnorm[i] - 2 * (s0 + s1) + vNorm;
  return r > 0 ? r : 0;
}

/**
 * Squared distance over the dimensions known in row i, scaled by cols/known so rows with gaps stay comparable
 * with complete ones. A row with no known value is at distance 0 from everything.
 */
function sqDistMasked(st: KMeansState, i: number, vec: Float64Array, vOff: number): number {
  const { cols, data } = st;
  const kn = st.known[i];
  if (kn === 0) return 0;
  const off = i * cols;
  let s = 0;
  for (let d = 0; d < cols; d++) {
    const v = data[off + d];
    if (v !== v) continue;
    const t = v - vec[vOff + d];
    s += t * t;
  }
  return (s * cols) / kn;
}

function sqDistToVec(st: KMeansState, i: number, vec: Float64Array, vOff: number, vNorm: number): number {
  return st.known[i] === st.cols
    ? sqDistCompleteVec(st, i, vec, vOff, vNorm)
    : sqDistMasked(st, i, vec, vOff);
}

function sqDistsAll(st: KMeansState, i: number, k: number, out: Float64Array): void {
  if (st.known[i] === st.cols) {
    sqDistsComplete(st, i, k, out);
    for (let j = 0; j < k; j++) if (out[j] < 0) out[j] = 0;
  } else {
    for (let j = 0; j < k; j++) out[j] = sqDistMasked(st, i, st.centroids, j * st.cols);
  }
}

function ppFirst(st: KMeansState, chunk: number, start: number, end: number): void {
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
 * Dot products of complete row i with four vectors of `vec` (offsets o0..o3) into out[0..3]: one pass over the
 * row feeds four multiply-adds per loaded value.
 */
function dots4(
  st: KMeansState,
  i: number,
  vec: Float64Array,
  o0: number,
  o1: number,
  o2: number,
  o3: number,
  out: Float64Array,
): void {
  const { cols, data } = st;
  const off = i * cols;
  if (st.simd) {
    const x = data.byteOffset + off * data.BYTES_PER_ELEMENT;
    const b = vec.byteOffset;
    const w = st.simd.exports;
    if (data instanceof Float32Array) {
      w.dots_f32_4(x, b + o0 * 8, b + o1 * 8, b + o2 * 8, b + o3 * 8, cols, st.simd.outPtr);
    } else w.dots_f64_4(x, b + o0 * 8, b + o1 * 8, b + o2 * 8, b + o3 * 8, cols, st.simd.outPtr);
    const r = st.simd.out;
    out[0] = r[0];
    out[1] = r[1];
    out[2] = r[2];
    out[3] = r[3];
    return;
  }
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let d = 0; d < cols; d++) {
    const v = data[off + d];
    s0 += v * vec[o0 + d];
    s1 += v * vec[o1 + d];
    s2 += v * vec[o2 + d];
    s3 += v * vec[o3 + d];
  }
  out[0] = s0;
  out[1] = s1;
  out[2] = s2;
  out[3] = s3;
}

/**
 * Distances to each candidate, skipping rows the candidate cannot improve: if ‖c − c_a‖² ≥ 4·D(x) then by the
 * triangle inequality ‖x − c‖ ≥ ‖x − c_a‖ (only valid for complete rows, whose distance is a true metric).
 * The candidates a row does need are done four at a time.
 */
function ppTrials(st: KMeansState, chunk: number, start: number, end: number, trials: number): void {
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

function ppCommit(
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

/** Full assignment: best and second-best centroid of every row; initialises the Hamerly bounds. */
function assignFull(st: KMeansState, chunk: number, start: number, end: number, k: number): void {
  const { assign, upper, lower } = st;
  const dist = new Float64Array(k);
  let changed = 0;
  for (let i = start; i < end; i++) {
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
    if (assign[i] !== best) changed++;
    assign[i] = best;
    upper[i] = Math.sqrt(b1);
    lower[i] = Math.sqrt(b2);
  }
  st.chunkChanged[chunk] = changed;
}

/**
 * Hamerly's assignment step: after the centroids moved, a row whose upper bound is below both its lower bound and
 * half the gap to its centroid's nearest neighbour keeps its centroid without computing any distance.
 */
function assignHamerly(st: KMeansState, chunk: number, start: number, end: number, k: number): void {
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
    if (a !== best) changed++;
    assign[i] = best;
    upper[i] = Math.sqrt(b1);
    lower[i] = Math.sqrt(b2);
  }
  st.chunkChanged[chunk] = changed;
}

/**
 * One pass over the chunk: per-cluster coordinate sums and counts (known values only) for the centroid update,
 * and the exact inertia Σ‖x − c_a‖² of the current assignment against the current centroids.
 */
function accumulate(st: KMeansState, chunk: number, start: number, end: number, k: number): void {
  const { cols, data, centroids, assign, known, hasMissing } = st;
  const sOff = chunk * st.kMax * cols;
  const sums = st.chunkSums;
  sums.fill(0, sOff, sOff + k * cols);
  const cStride = hasMissing ? cols : 1;
  const cOff = chunk * st.kMax * cStride;
  const counts = st.chunkCounts;
  counts.fill(0, cOff, cOff + k * cStride);
  let inertia = 0;
  for (let i = start; i < end; i++) {
    const a = assign[i];
    const off = i * cols;
    const so = sOff + a * cols;
    const co = a * cols;
    const kn = known[i];
    if (kn === cols && st.simd) {
      const x = data.byteOffset + off * data.BYTES_PER_ELEMENT;
      const sp = sums.byteOffset + so * 8;
      const cp = centroids.byteOffset + co * 8;
      if (data instanceof Float32Array) st.simd.exports.accum_f32(x, sp, cp, cols, st.simd.outPtr);
      else st.simd.exports.accum_f64(x, sp, cp, cols, st.simd.outPtr);
      inertia += st.simd.out[0];
      if (hasMissing) {
        const cc = cOff + a * cols;
        for (let d = 0; d < cols; d++) counts[cc + d]++;
      } else counts[cOff + a]++;
    } else if (kn === cols) {
      let acc = 0;
      for (let d = 0; d < cols; d++) {
        const v = data[off + d];
        sums[so + d] += v;
        const t = v - centroids[co + d];
        acc += t * t;
      }
      inertia += acc;
      if (hasMissing) {
        const cc = cOff + a * cols;
        for (let d = 0; d < cols; d++) counts[cc + d]++;
      } else counts[cOff + a]++;
    } else if (kn > 0) {
      let acc = 0;
      const cc = cOff + a * cols;
      for (let d = 0; d < cols; d++) {
        const v = data[off + d];
        if (v !== v) continue;
        sums[so + d] += v;
        counts[cc + d]++;
        const t = v - centroids[co + d];
        acc += t * t;
      }
      inertia += (acc * cols) / kn;
    }
  }
  st.chunkScalar[chunk * st.trialsMax] = inertia;
}
