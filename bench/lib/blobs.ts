/**
 * Seeded Gaussian blobs written once to a raw little-endian float32 file (row-major, no header) in bench/data,
 * plus an int32 file with the true labels, so our code and the Python peers read exactly the same numbers.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dataPath } from './bench-utils.js';

export interface BlobFile {
  readonly path: string;
  readonly labelsPath: string;
  readonly rows: number;
  readonly cols: number;
  readonly k: number;
}

/** Seeded xorshift32 uniform source in (0, 1): small and self-contained, plenty for synthetic data. */
function uniformSource(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return (s + 0.5) / 4294967296;
  };
}

/**
 * Creates (or reuses, if present with the right size) blobs like scikit-learn's make_blobs: k centres uniform in
 * [-10, 10]^cols, standard deviation `std` (default 1), points dealt round-robin to the centres.
 */
export function ensureBlobs(rows: number, cols: number, k: number, seed: number, std = 1): BlobFile {
  const base = `blobs-${rows}x${cols}-k${k}-s${seed}${std === 1 ? '' : `-std${std}`}`;
  const path = dataPath(`${base}.f32`);
  const labelsPath = dataPath(`${base}.labels.i32`);
  const ok = existsSync(path) && statSync(path).size === rows * cols * 4 && existsSync(labelsPath);
  if (!ok) {
    const uniform = uniformSource(seed);
    const gauss = (): number => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    const centres = new Float64Array(k * cols);
    for (let i = 0; i < centres.length; i++) centres[i] = uniform() * 20 - 10;
    const data = new Float32Array(rows * cols);
    const labels = new Int32Array(rows);
    for (let r = 0; r < rows; r++) {
      const c = r % k;
      labels[r] = c;
      for (let d = 0; d < cols; d++) data[r * cols + d] = centres[c * cols + d] + std * gauss();
    }
    writeFileSync(path, new Uint8Array(data.buffer));
    writeFileSync(labelsPath, new Uint8Array(labels.buffer));
  }
  return { path, labelsPath, rows, cols, k };
}

/**
 * Reads a blob file back as a Float32Array (in a SharedArrayBuffer, so worker-thread paths use it without a
 * copy) and its labels.
 */
export function readBlobs(file: BlobFile): { data: Float32Array; labels: Int32Array } {
  const raw = readFileSync(file.path);
  const data = new Float32Array(new SharedArrayBuffer(raw.byteLength));
  new Uint8Array(data.buffer).set(raw);
  const lraw = readFileSync(file.labelsPath);
  const labels = new Int32Array(lraw.buffer.slice(lraw.byteOffset, lraw.byteOffset + lraw.byteLength));
  return { data, labels };
}
