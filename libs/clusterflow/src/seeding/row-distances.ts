// Distances and dot products between one row of the k-means state and centroids or candidates: the TypeScript
// loops and the WebAssembly SIMD kernels (when the state has them) over the same layout.
import type { KMeansState } from './kmeans-state.js';

/**
 * Squared distances from complete row i to centroids 0..k-1 via ‖x‖² − 2x·c + ‖c‖², four centroids per pass so
 * each loaded coordinate of x feeds four multiply-adds.
 */
export function sqDistsComplete(st: KMeansState, i: number, k: number, out: Float64Array): void {
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
export function sqDistCompleteVec(
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
export function sqDistMasked(st: KMeansState, i: number, vec: Float64Array, vOff: number): number {
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

/** Squared distance from row i to one vector: the dot-product form for complete rows, masked otherwise. */
export function sqDistToVec(
  st: KMeansState,
  i: number,
  vec: Float64Array,
  vOff: number,
  vNorm: number,
): number {
  return st.known[i] === st.cols
    ? sqDistCompleteVec(st, i, vec, vOff, vNorm)
    : sqDistMasked(st, i, vec, vOff);
}

/** Squared distances from row i to centroids 0..k-1 (clamped at 0: the dot-product form can round below). */
export function sqDistsAll(st: KMeansState, i: number, k: number, out: Float64Array): void {
  if (st.known[i] === st.cols) {
    sqDistsComplete(st, i, k, out);
    for (let j = 0; j < k; j++) if (out[j] < 0) out[j] = 0;
  } else {
    for (let j = 0; j < k; j++) out[j] = sqDistMasked(st, i, st.centroids, j * st.cols);
  }
}

/**
 * Dot products of complete row i with four vectors of `vec` (offsets o0..o3) into out[0..3]: one pass over the
 * row feeds four multiply-adds per loaded value.
 */
export function dots4(
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
