import type { PointMatrix } from '@clusterflow/clusterflow';
import { MetricLearningError } from '../losses/metric-learning-error.js';

/** Feature vectors, one per item: a packed row-major matrix or an array of equally long rows. */
export type FeatureRows = PointMatrix | readonly ArrayLike<number>[];

/** Rows packed into one float32 buffer, checked finite and of equal length. */
export interface PackedRows {
  readonly data: Float32Array;
  readonly rows: number;
  readonly cols: number;
}

/** Packs and validates features: non-empty, every row `cols` long (when given), every value finite. */
export function packRows(where: string, features: FeatureRows, cols?: number): PackedRows {
  let rows: number;
  let width: number;
  let read: (r: number, c: number) => number;
  if ('data' in features && 'rows' in features && 'cols' in features) {
    const m = features;
    rows = m.rows;
    width = m.cols;
    read = (r, c) => m.data[r * width + c];
  } else {
    const list = features as readonly ArrayLike<number>[];
    rows = list.length;
    width = rows > 0 ? list[0].length : 0;
    for (let r = 0; r < rows; r++) {
      if (list[r].length !== width) {
        throw new MetricLearningError(
          'INVALID_INPUT',
          `${where}: row ${r} has ${list[r].length} values but row 0 has ${width}; all rows must be equally long`,
        );
      }
    }
    read = (r, c) => list[r][c];
  }
  if (rows === 0 || width === 0) {
    throw new MetricLearningError('INVALID_INPUT', `${where}: no data (${rows} rows × ${width} columns)`);
  }
  if (cols !== undefined && width !== cols) {
    throw new MetricLearningError(
      'INVALID_INPUT',
      `${where}: rows have ${width} values but the head was trained on ${cols}; they must match`,
    );
  }
  const data = new Float32Array(rows * width);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < width; c++) {
      const v = read(r, c);
      if (!Number.isFinite(v)) {
        throw new MetricLearningError(
          'INVALID_INPUT',
          `${where}: row ${r}, column ${c} is ${v}; every value must be finite (drop or impute such rows first)`,
        );
      }
      data[r * width + c] = v;
    }
  }
  return { data, rows, cols: width };
}
