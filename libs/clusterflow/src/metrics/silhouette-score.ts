import { InvalidInputError } from '../errors/clusterflow-error.js';
import type { PointMatrix } from '../point-matrix.js';
import { createRng } from '../rng.js';
import {
  acquireSimdArena,
  releaseSimdArena,
  simdAvailable,
  type SimdBinding,
} from '../seeding/simd-kernels.js';
import { encodeLabels, type LabelArray } from './labels.js';

/** Options of {@link silhouetteScore}. */
export interface SilhouetteOptions {
  /** Score a uniform random subset of this many points (as scikit-learn's `sample_size`). Default: all points. */
  readonly sampleSize?: number;
  /** Seed for the subset. Default 0. */
  readonly seed?: number;
  /** Rows per tile of the block-wise distance computation. Default 64 (two tiles of D=1000 fit in L2). */
  readonly blockSize?: number;
  /**
   * Dot-product kernels: 'js' (plain TypeScript in f64, the reference) or 'wasm' (WebAssembly SIMD on a centred
   * float32 copy of the rows: f32x4 products, partial sums moved to f64 every 256 dimensions — the score agrees
   * with the f64 reference to ≈ 1e-7 on the test fixtures and the benchmark) or 'auto' (wasm when available and
   * n²·cols ≥ 1e8). Default 'auto'.
   */
  readonly kernel?: 'auto' | 'js' | 'wasm';
}

/** The rows to score, packed: what the tile kernel needs. */
export interface SilhouetteInput {
  readonly data: Float32Array | Float64Array;
  readonly n: number;
  readonly cols: number;
  readonly xnorm: Float64Array;
  readonly codes: Int32Array;
  readonly labelCount: number;
  /** SIMD kernels of this thread (data is then a centred float32 view into its memory), or null. */
  readonly simd: SimdBinding | null;
  /** Byte offset of this thread's Gram tile (blockSize² f64) in the SIMD memory; thread t uses tilePtr + t·tileBytes. */
  readonly tilePtr: number;
  readonly tileBytes: number;
}

/**
 * Validates, samples and packs the input; checks 2 ≤ labels ≤ n − 1 as the silhouette requires. With SIMD the
 * rows are copied (centred, float32) into a borrowed wasm memory with one Gram tile per thread (`workers` worker
 * threads + this one): give it back with `releaseSilhouette`.
 */
export function prepareSilhouette(
  points: PointMatrix,
  assignments: LabelArray,
  options: SilhouetteOptions = {},
  workers = 0,
): SilhouetteInput {
  const { rows, cols } = points;
  if (assignments.length !== rows) {
    throw new InvalidInputError(
      `silhouetteScore: ${assignments.length} assignments for ${rows} points; one per point is required`,
    );
  }
  let data = points.data;
  let labels: LabelArray = assignments;
  let n = rows;
  const { sampleSize } = options;
  if (sampleSize !== undefined && sampleSize < rows) {
    if (!Number.isInteger(sampleSize) || sampleSize < 2) {
      throw new InvalidInputError(`silhouetteScore: sampleSize must be an integer >= 2, got ${sampleSize}`);
    }
    const rng = createRng(options.seed ?? 0);
    const order = new Int32Array(rows);
    for (let i = 0; i < rows; i++) order[i] = i;
    for (let i = 0; i < sampleSize; i++) {
      const s = i + rng.nextInt(rows - i);
      const t = order[s];
      order[s] = order[i];
      order[i] = t;
    }
    const sub =
      data instanceof Float32Array
        ? new Float32Array(sampleSize * cols)
        : new Float64Array(sampleSize * cols);
    const subLabels: (number | string)[] = new Array<number | string>(sampleSize);
    for (let r = 0; r < sampleSize; r++) {
      const src = order[r] * cols;
      sub.set(data.subarray(src, src + cols), r * cols);
      subLabels[r] = assignments[order[r]];
    }
    data = sub;
    labels = subLabels as LabelArray;
    n = sampleSize;
  }
  const { codes, count } = encodeLabels(labels);
  if (count < 2 || count > n - 1) {
    throw new InvalidInputError(
      `silhouetteScore: needs 2 <= number of labels <= points - 1 (${n - 1}), got ${count} labels`,
    );
  }
  const xnorm = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let d = 0; d < cols; d++) {
      const v = data[i * cols + d];
      if (!Number.isFinite(v)) {
        throw new InvalidInputError(
          `silhouetteScore: row ${i}, column ${d} is ${v}; all values must be finite`,
        );
      }
      s += v * v;
    }
    xnorm[i] = s;
  }
  const kernel = options.kernel ?? 'auto';
  if (kernel !== 'auto' && kernel !== 'js' && kernel !== 'wasm') {
    throw new InvalidInputError(
      `silhouetteScore: kernel must be 'auto', 'js' or 'wasm', got '${String(kernel)}'`,
    );
  }
  const available = simdAvailable();
  if (kernel === 'wasm' && !available) {
    throw new InvalidInputError(
      "silhouetteScore: kernel 'wasm' is not available in this runtime; use 'js' or 'auto'",
    );
  }
  let simd: SimdBinding | null = null;
  // The float32 copy and the tiles must fit in wasm32 memory; larger inputs stay on the TypeScript path.
  const blockSize = resolveBlockSize(options);
  const tileBytes = blockSize * blockSize * 8;
  const wasmBytes = n * cols * 4 + (workers + 1) * tileBytes;
  const fits = wasmBytes < 2 ** 31;
  if (kernel === 'wasm' && !fits) {
    throw new InvalidInputError("silhouetteScore: kernel 'wasm' holds at most 2 GiB of rows; use 'js'");
  }
  let tilePtr = 0;
  if (kernel === 'wasm' || (kernel === 'auto' && fits && available && n * n * cols >= 1e8)) {
    const arena = acquireSimdArena(wasmBytes, workers > 0);
    const copy = new Float32Array(arena.memory.buffer, arena.alloc(n * cols * 4), n * cols);
    tilePtr = arena.alloc((workers + 1) * tileBytes);
    // Distances do not change under translation; centring shrinks the norms, so ‖x‖² + ‖y‖² − 2x·y cancels less.
    const mean = new Float64Array(cols);
    for (let i = 0; i < n; i++) for (let d = 0; d < cols; d++) mean[d] += data[i * cols + d];
    for (let d = 0; d < cols; d++) mean[d] /= n;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let d = 0; d < cols; d++) {
        const v = Math.fround(data[i * cols + d] - mean[d]);
        copy[i * cols + d] = v;
        s += v * v;
      }
      xnorm[i] = s;
    }
    data = copy;
    simd = arena.binding;
  }
  return { data, n, cols, xnorm, codes, labelCount: count, simd, tilePtr, tileBytes };
}

/**
 * Adds the distances between rows [i0, i1) and [j0, j1) to `sums` (n × labels: per row, the summed distance to
 * each label's points). Off-diagonal tiles count each pair for both rows, so only tiles with j0 ≥ i0 are needed
 * (half the work). Distances come from ‖x‖² − 2x·y + ‖y‖² over the tile's Gram matrix, filled by one wasm call
 * (SIMD) or by TypeScript loops.
 */
export function silhouetteTile(
  inp: SilhouetteInput,
  sums: Float64Array,
  i0: number,
  i1: number,
  j0: number,
  j1: number,
): void {
  const na = i1 - i0;
  const nb = j1 - j0;
  let gram: Float64Array;
  if (inp.simd) {
    const rowBytes = inp.cols * 4;
    const base = inp.data.byteOffset;
    inp.simd.exports.gram_f32(base + i0 * rowBytes, na, base + j0 * rowBytes, nb, inp.cols, inp.tilePtr);
    gram = new Float64Array(inp.simd.memory.buffer, inp.tilePtr, na * nb);
  } else {
    gram = new Float64Array(na * nb);
    gramTile(inp.data, inp.cols, i0, i1, j0, j1, gram);
  }
  const { xnorm, codes, labelCount: L } = inp;
  const diagonal = i0 === j0;
  for (let a = 0; a < na; a++) {
    const ii = i0 + a;
    const own = ii * L;
    const ci = codes[ii];
    const xi = xnorm[ii];
    for (let b = 0; b < nb; b++) {
      const jj = j0 + b;
      if (ii === jj) continue;
      const d2 = xi + xnorm[jj] - 2 * gram[a * nb + b];
      const dist = d2 > 0 ? Math.sqrt(d2) : 0;
      sums[own + codes[jj]] += dist;
      if (!diagonal) sums[jj * L + ci] += dist;
    }
  }
}

/**
 * The reference Gram tile in f64: gram[(i − i0)·nb + (j − j0)] = x_i · x_j, 4 × 2 rows per pass so each loaded
 * value feeds several multiply-adds.
 */
function gramTile(
  data: Float32Array | Float64Array,
  cols: number,
  i0: number,
  i1: number,
  j0: number,
  j1: number,
  gram: Float64Array,
): void {
  const nb = j1 - j0;
  for (let i = i0; i < i1; i += 4) {
    const ni = Math.min(4, i1 - i);
    for (let j = j0; j < j1; j += 2) {
      const nj = Math.min(2, j1 - j);
      const at = (i - i0) * nb + (j - j0);
      if (ni === 4 && nj === 2) {
        const a0 = i * cols;
        const a1 = a0 + cols;
        const a2 = a1 + cols;
        const a3 = a2 + cols;
        const b0 = j * cols;
        const b1 = b0 + cols;
        let s00 = 0;
        let s01 = 0;
        let s10 = 0;
        let s11 = 0;
        let s20 = 0;
        let s21 = 0;
        let s30 = 0;
        let s31 = 0;
        for (let d = 0; d < cols; d++) {
          const y0 = data[b0 + d];
          const y1 = data[b1 + d];
          const x0 = data[a0 + d];
          const x1 = data[a1 + d];
          const x2 = data[a2 + d];
          const x3 = data[a3 + d];
          s00 += x0 * y0;
          s01 += x0 * y1;
          s10 += x1 * y0;
          s11 += x1 * y1;
          s20 += x2 * y0;
          s21 += x2 * y1;
          s30 += x3 * y0;
          s31 += x3 * y1;
        }
        gram[at] = s00;
        gram[at + 1] = s01;
        gram[at + nb] = s10;
        gram[at + nb + 1] = s11;
        gram[at + 2 * nb] = s20;
        gram[at + 2 * nb + 1] = s21;
        gram[at + 3 * nb] = s30;
        gram[at + 3 * nb + 1] = s31;
      } else {
        for (let a = 0; a < ni; a++) {
          for (let b = 0; b < nj; b++) {
            const ao = (i + a) * cols;
            const bo = (j + b) * cols;
            let s = 0;
            for (let d = 0; d < cols; d++) s += data[ao + d] * data[bo + d];
            gram[at + a * nb + b] = s;
          }
        }
      }
    }
  }
}

/** Mean silhouette from the per-row, per-label distance sums (singleton clusters score 0, as scikit-learn). */
export function finishSilhouette(inp: SilhouetteInput, sums: Float64Array): number {
  const { n, codes, labelCount: L } = inp;
  const counts = new Float64Array(L);
  for (let i = 0; i < n; i++) counts[codes[i]]++;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const own = codes[i];
    if (counts[own] <= 1) continue;
    const a = sums[i * L + own] / (counts[own] - 1);
    let b = Infinity;
    for (let l = 0; l < L; l++) {
      if (l === own) continue;
      const m = sums[i * L + l] / counts[l];
      if (m < b) b = m;
    }
    const den = a > b ? a : b;
    if (den > 0) total += (b - a) / den;
  }
  return total / n;
}

/** Gives back the wasm memory a SIMD input borrowed (no-op otherwise). */
export function releaseSilhouette(inp: SilhouetteInput): void {
  releaseSimdArena(inp.simd ? inp.simd.memory : null);
}

/** Tiles (i-block, j-block) with j ≥ i, in a fixed order: the work list of the block-wise computation. */
export function silhouetteTiles(n: number, blockSize: number): Int32Array {
  const nb = Math.ceil(n / blockSize);
  const out = new Int32Array(nb * (nb + 1));
  let k = 0;
  for (let bi = 0; bi < nb; bi++) {
    for (let bj = bi; bj < nb; bj++) {
      out[k++] = bi;
      out[k++] = bj;
    }
  }
  return out;
}

/** The tile size option, validated (default 64). */
export function resolveBlockSize(options: SilhouetteOptions): number {
  const blockSize = options.blockSize ?? 64;
  if (!Number.isInteger(blockSize) || blockSize < 1) {
    throw new InvalidInputError(`silhouetteScore: blockSize must be an integer >= 1, got ${blockSize}`);
  }
  return blockSize;
}

/**
 * Mean silhouette coefficient (Rousseeuw 1987) with Euclidean distances, as scikit-learn's `silhouette_score`.
 * Block-wise: memory is O(N · labels), never an N × N matrix; each pair distance is computed once.
 * `sampleSize` scores a seeded random subset instead (O(sampleSize²) work).
 *
 * @throws InvalidInputError unless 2 ≤ labels ≤ n − 1, on non-finite values or a length mismatch.
 */
export function silhouetteScore(
  points: PointMatrix,
  assignments: LabelArray,
  options: SilhouetteOptions = {},
): number {
  const blockSize = resolveBlockSize(options);
  const inp = prepareSilhouette(points, assignments, options);
  try {
    const sums = new Float64Array(inp.n * inp.labelCount);
    const tiles = silhouetteTiles(inp.n, blockSize);
    for (let t = 0; t < tiles.length; t += 2) {
      const i0 = tiles[t] * blockSize;
      const j0 = tiles[t + 1] * blockSize;
      silhouetteTile(inp, sums, i0, Math.min(inp.n, i0 + blockSize), j0, Math.min(inp.n, j0 + blockSize));
    }
    return finishSilhouette(inp, sums);
  } finally {
    releaseSilhouette(inp);
  }
}
