import { DeepClusteringError } from './deep-clustering-error.js';

/**
 * Checks rows before training: non-empty, `rows × cols` values, every value finite, and 2 ≤ k ≤ rows.
 * Throws a {@link DeepClusteringError} naming the first problem (for NaN/Inf: the row and column).
 */
export function validateData(
  data: Float32Array | Float64Array,
  rows: number,
  cols: number,
  k: number,
  what = 'data',
): void {
  validateRows(data, rows, cols, what);
  validateK(k, rows, what);
}

/** Checks rows without a k: non-empty, `rows × cols` values, every value finite. */
export function validateRows(
  data: Float32Array | Float64Array,
  rows: number,
  cols: number,
  what = 'data',
): void {
  if (!Number.isInteger(rows) || rows <= 0 || data.length === 0) {
    throw new DeepClusteringError(
      'EMPTY_DATA',
      `${what} is empty: at least one row is required (got ${rows}).`,
    );
  }
  if (!Number.isInteger(cols) || cols < 1 || data.length !== rows * cols) {
    throw new DeepClusteringError(
      'DIMENSION_MISMATCH',
      `${what} has ${data.length} values but rows × cols = ${rows} × ${cols} = ${rows * cols}; they must match.`,
    );
  }
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      const row = Math.floor(i / cols);
      throw new DeepClusteringError(
        'NON_FINITE',
        `${what} row ${row} column ${i - row * cols} is ${data[i]}: every value must be finite (drop or impute it).`,
      );
    }
  }
}

/** Checks that k is an integer with 2 ≤ k ≤ rows. */
export function validateK(k: number, rows: number, what = 'data'): void {
  if (!Number.isInteger(k) || k < 2) {
    throw new DeepClusteringError('BAD_K', `k must be an integer ≥ 2, got ${k}.`);
  }
  if (k > rows) {
    throw new DeepClusteringError('BAD_K', `k = ${k} exceeds the ${rows} rows of ${what}: k must be ≤ rows.`);
  }
}
