import type { KMeansState } from './kmeans-state.js';

/**
 * One pass over the chunk: per-cluster coordinate sums and counts (known values only) for the centroid update,
 * and the exact inertia Σ‖x − c_a‖² of the current assignment against the current centroids.
 */
export function accumulateSums(st: KMeansState, chunk: number, start: number, end: number, k: number): void {
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
