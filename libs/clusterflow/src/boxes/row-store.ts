import type { PointMatrix } from '../point-matrix.js';

/**
 * Rows addressed by a global index without copying: row i lives in `chunks[chunkOf[i]]` starting at
 * `offsetOf[i]`. One matrix is one chunk; streamed batches stay separate chunks (never concatenated).
 */
export interface RowStore {
  /** Number of values per row (the same in every chunk). */
  readonly cols: number;
  /** Total number of rows over all chunks. */
  readonly rows: number;
  /** Row-major data of each matrix or batch, in order. */
  readonly chunks: ReadonlyArray<Float32Array | Float64Array>;
  /** Per global row index, the index of its chunk in `chunks`. */
  readonly chunkOf: Int32Array;
  /** Per global row index, the offset of its first value in its chunk (local row × cols). */
  readonly offsetOf: Int32Array;
}

/** Views a list of matrices (same column count) as one store of rows. */
export function rowStoreOf(matrices: ReadonlyArray<PointMatrix>): RowStore {
  const cols = matrices.length > 0 ? matrices[0].cols : 1;
  let rows = 0;
  for (const m of matrices) rows += m.rows;
  const chunkOf = new Int32Array(rows);
  const offsetOf = new Int32Array(rows);
  let i = 0;
  matrices.forEach((m, c) => {
    for (let r = 0; r < m.rows; r++, i++) {
      chunkOf[i] = c;
      offsetOf[i] = r * cols;
    }
  });
  return { cols, rows, chunks: matrices.map((m) => m.data), chunkOf, offsetOf };
}
