import { InvalidInputError } from '../errors/clusterflow-error.js';
import type { PointMatrix } from '../point-matrix.js';
import { acquireSimdArena, releaseSimdArena, type SimdBinding, type WasmMemory } from './simd-kernels.js';

/**
 * Everything the k-means kernels read and write, as flat typed arrays. The same layout lives either in ordinary
 * memory (sync path) or in SharedArrayBuffers (worker path), so both paths run the very same kernels over the
 * very same fixed row chunks and reduce per-chunk partials in chunk order: identical results for any worker count.
 */
export interface KMeansState {
  readonly n: number;
  readonly cols: number;
  /** Capacity in centroids (the k asked for). */
  readonly kMax: number;
  /** Capacity in k-means++ local trials. */
  readonly trialsMax: number;
  readonly chunkSize: number;
  readonly nChunks: number;
  /** True if some value is NaN: kernels then take the masked (known-dims-only) path for incomplete rows. */
  readonly hasMissing: boolean;
  readonly data: Float32Array | Float64Array;
  /** Known (non-NaN) values per row. */
  readonly known: Int32Array;
  /** ‖x‖² of complete rows (unused for incomplete rows). */
  readonly xnorm: Float64Array;
  /** Mean of the known values of every column (0 if none): fills the gaps of a row promoted to a centroid. */
  readonly colFill: Float64Array;
  readonly centroids: Float64Array;
  readonly cnorm: Float64Array;
  readonly assign: Int32Array;
  /** Hamerly bounds: upper on the distance to the own centroid, lower on the distance to the second closest. */
  readonly upper: Float64Array;
  readonly lower: Float64Array;
  /** Half the distance from each centroid to its nearest other centroid. */
  readonly half: Float64Array;
  /** How far each centroid moved in the last update (added to the upper bound of its points). */
  readonly drift: Float64Array;
  /** Largest move of any other centroid (subtracted from the lower bound of the points of this one). */
  readonly lowerDrift: Float64Array;
  /** k-means++: squared distance of every row to its closest chosen centre. */
  readonly minD: Float64Array;
  /** k-means++: candidate centres (filled rows), their norms and squared distances to the chosen centres. */
  readonly cand: Float64Array;
  readonly candNorm: Float64Array;
  readonly candToCenter: Float64Array;
  /** k-means++: squared distance of every row to every candidate (trial-major). */
  readonly candD: Float64Array;
  /** Per-chunk partial sums: cluster coordinate sums, counts (per dimension when data has gaps), scalars. */
  readonly chunkSums: Float64Array;
  readonly chunkCounts: Float64Array;
  readonly chunkScalar: Float64Array;
  readonly chunkChanged: Int32Array;
  /**
   * WebAssembly SIMD kernels of this thread, or null for the plain TypeScript loops. When set, `data`,
   * `centroids` and `cand` live in `simdMemory` (their byteOffset is their wasm pointer). Not cloneable: each
   * worker binds its own (see parallel-worker).
   */
  simd: SimdBinding | null;
  readonly simdMemory: WasmMemory | null;
}

/** Rows per chunk: the unit of work of a kernel call and of every deterministic reduction. */
export const DEFAULT_CHUNK_SIZE = 2048;

export type BufferAllocator = (bytes: number) => ArrayBufferLike;

const plainAllocator: BufferAllocator = (bytes) => new ArrayBuffer(bytes);

/** Number of k-means++ local trials scikit-learn uses for k clusters: 2 + ⌊ln k⌋. */
export function defaultLocalTrials(k: number): number {
  return 2 + Math.floor(Math.log(k));
}

/**
 * Validates the points and allocates the state for up to `kMax` clusters. With `useSimd` the state borrows a
 * wasm memory: give it back with `releaseKMeansState` when done. Throws InvalidInputError for an empty
 * matrix or infinite values. One O(N·D) pass computes per-row known counts, norms and column fill values.
 */
export function createKMeansState(
  points: PointMatrix,
  kMax: number,
  trialsMax: number,
  allocate: BufferAllocator = plainAllocator,
  useSimd = false,
  chunkSize = DEFAULT_CHUNK_SIZE,
): KMeansState {
  const { rows: n, cols } = points;
  if (n < 1) throw new InvalidInputError('k-means: points has 0 rows; at least 1 row is required');
  if (points.data.length !== n * cols) {
    throw new InvalidInputError(
      `k-means: data has ${points.data.length} values, expected rows*cols = ${n * cols}`,
    );
  }
  const f64 = (len: number): Float64Array => new Float64Array(allocate(len * 8), 0, len);
  const i32 = (len: number): Int32Array => new Int32Array(allocate(len * 4), 0, len);

  let data = points.data;
  const bytesPer = data instanceof Float32Array ? 4 : 8;
  let centroids: Float64Array;
  let cand: Float64Array;
  let chunkSums: Float64Array;
  let simd: SimdBinding | null = null;
  if (useSimd) {
    // The rows and the vectors they are compared with go into the wasm memory the kernels read.
    const sumsLen = Math.ceil(n / chunkSize) * kMax * cols;
    const forWorkers = allocate(8) instanceof SharedArrayBuffer;
    const arena = acquireSimdArena(
      n * cols * bytesPer + (kMax + trialsMax) * cols * 8 + sumsLen * 8 + 64,
      forWorkers,
    );
    const buf = arena.memory.buffer;
    const dataPtr = arena.alloc(n * cols * bytesPer);
    const copy =
      bytesPer === 4 ? new Float32Array(buf, dataPtr, n * cols) : new Float64Array(buf, dataPtr, n * cols);
    copy.set(data);
    data = copy;
    centroids = new Float64Array(buf, arena.alloc(kMax * cols * 8), kMax * cols);
    cand = new Float64Array(buf, arena.alloc(trialsMax * cols * 8), trialsMax * cols);
    chunkSums = new Float64Array(buf, arena.alloc(sumsLen * 8), sumsLen);
    simd = arena.binding;
  } else {
    const shared = allocate(8) instanceof SharedArrayBuffer;
    if (shared && !(data.buffer instanceof SharedArrayBuffer)) {
      // Workers can only read the rows without a copy if they sit in shared memory.
      const copy =
        bytesPer === 4
          ? new Float32Array(allocate(data.length * 4), 0, data.length)
          : new Float64Array(allocate(data.length * 8), 0, data.length);
      copy.set(data);
      data = copy;
    }
    centroids = f64(kMax * cols);
    cand = f64(trialsMax * cols);
    chunkSums = f64(Math.ceil(n / chunkSize) * kMax * cols);
  }

  const known = i32(n);
  const xnorm = f64(n);
  let hasMissing = false;
  try {
    hasMissing = validateRows(data, n, cols, known, xnorm);
  } catch (e) {
    releaseSimdArena(simd ? simd.memory : null);
    throw e;
  }
  // Column means of known values fill the gaps of rows promoted to centroids (only needed with gaps).
  const colFill = f64(cols);
  if (hasMissing) {
    const colCount = new Float64Array(cols);
    for (let i = 0; i < n; i++) {
      const off = i * cols;
      for (let d = 0; d < cols; d++) {
        const v = data[off + d];
        if (v !== v) continue;
        colFill[d] += v;
        colCount[d]++;
      }
    }
    for (let d = 0; d < cols; d++) colFill[d] = colCount[d] > 0 ? colFill[d] / colCount[d] : 0;
  }

  const nChunks = Math.ceil(n / chunkSize);
  return {
    n,
    cols,
    kMax,
    trialsMax,
    chunkSize,
    nChunks,
    hasMissing,
    data,
    known,
    xnorm,
    colFill,
    centroids,
    cnorm: f64(kMax),
    assign: i32(n),
    upper: f64(n),
    lower: f64(n),
    half: f64(kMax),
    drift: f64(kMax),
    lowerDrift: f64(kMax),
    minD: f64(n),
    cand,
    candNorm: f64(trialsMax),
    candToCenter: f64(trialsMax * kMax),
    candD: f64(trialsMax * n),
    chunkSums,
    chunkCounts: f64(nChunks * kMax * (hasMissing ? cols : 1)),
    chunkScalar: f64(nChunks * Math.max(trialsMax, 1)),
    chunkChanged: i32(nChunks),
    simd,
    simdMemory: simd ? simd.memory : null,
  };
}

/** Copies row `row` into `out` at `outOff`, filling gaps with the column means; returns its squared norm. */
export function loadFilledRow(st: KMeansState, row: number, out: Float64Array, outOff: number): number {
  const { cols, data, colFill } = st;
  const off = row * cols;
  let s = 0;
  for (let d = 0; d < cols; d++) {
    const v = data[off + d];
    const x = v === v ? v : colFill[d];
    out[outOff + d] = x;
    s += x * x;
  }
  return s;
}

/** Squared Euclidean distance between two complete vectors stored in Float64Arrays. */
export function vecSqDist(
  a: Float64Array,
  aOff: number,
  b: Float64Array,
  bOff: number,
  cols: number,
): number {
  let s = 0;
  for (let d = 0; d < cols; d++) {
    const t = a[aOff + d] - b[bOff + d];
    s += t * t;
  }
  return s;
}

/** Returns the wasm memory a SIMD state borrowed (see acquireSimdArena); no-op otherwise. */
export function releaseKMeansState(st: KMeansState): void {
  releaseSimdArena(st.simdMemory);
}

/** Per-row known counts and squared norms; throws on ±Infinity; returns whether any value is missing. */
function validateRows(
  data: Float32Array | Float64Array,
  n: number,
  cols: number,
  known: Int32Array,
  xnorm: Float64Array,
): boolean {
  let hasMissing = false;
  for (let i = 0; i < n; i++) {
    const off = i * cols;
    let s = 0;
    for (let d = 0; d < cols; d++) {
      const v = data[off + d];
      s += v * v;
    }
    if (Number.isFinite(s)) {
      // The common case, decided from the norm alone: every value is a finite number.
      known[i] = cols;
      xnorm[i] = s;
      continue;
    }
    s = 0;
    let kn = 0;
    for (let d = 0; d < cols; d++) {
      const v = data[off + d];
      if (v !== v) continue;
      if (v === Infinity || v === -Infinity) {
        throw new InvalidInputError(
          `k-means: row ${i}, column ${d} is ${v}; values must be finite numbers or NaN (missing)`,
        );
      }
      s += v * v;
      kn++;
    }
    known[i] = kn;
    xnorm[i] = s;
    if (kn !== cols) hasMissing = true;
  }
  return hasMissing;
}
