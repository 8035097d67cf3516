/**
 * Row-major matrix of points: `data[i * cols + j]` is dimension j of point i. Missing values are NaN.
 * The core never allocates one object per point; everything hot works on this layout.
 */
export interface PointMatrix {
  /** The values, row-major, length rows × cols. */
  readonly data: Float32Array | Float64Array;
  /** Number of points (rows), ≥ 0. */
  readonly rows: number;
  /** Number of dimensions (columns), ≥ 1. */
  readonly cols: number;
}

/** Wraps a typed array as a matrix, checking that the length matches. */
export function pointMatrix(data: Float32Array | Float64Array, rows: number, cols: number): PointMatrix {
  if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 1) {
    throw new RangeError(
      `pointMatrix: rows must be an integer >= 0 and cols >= 1, got rows=${rows}, cols=${cols}`,
    );
  }
  if (data.length !== rows * cols) {
    throw new RangeError(`pointMatrix: data has ${data.length} values, expected rows*cols = ${rows * cols}`);
  }
  return { data, rows, cols };
}

/** Builds a Float64 matrix from nested arrays (convenient at the edges and in tests). */
export function fromRows(rows: ReadonlyArray<ArrayLike<number>>): PointMatrix {
  if (rows.length === 0) throw new RangeError('fromRows: at least one row is required');
  const cols = rows[0].length;
  const data = new Float64Array(rows.length * cols);
  rows.forEach((row, i) => {
    if (row.length !== cols)
      throw new RangeError(`fromRows: row ${i} has ${row.length} values, expected ${cols}`);
    for (let j = 0; j < cols; j++) data[i * cols + j] = row[j];
  });
  return { data, rows: rows.length, cols };
}

/** Copies the given rows (by index) into a new contiguous Float64 matrix. */
export function selectRows(points: PointMatrix, indices: ArrayLike<number>): PointMatrix {
  const { cols } = points;
  const out = new Float64Array(indices.length * cols);
  for (let r = 0; r < indices.length; r++) {
    const src = indices[r] * cols;
    for (let j = 0; j < cols; j++) out[r * cols + j] = points.data[src + j];
  }
  return { data: out, rows: indices.length, cols };
}
