import { InvalidReasoningInputError } from '../errors/reasoning-error.js';

/** Rows of unit length (cosine similarity = dot product), row-major, plus each row's class index. */
export interface NeighbourIndex {
  /** `rows × cols` unit-length rows (a zero row stays zero). */
  readonly unit: Float64Array;
  /** Number of reference rows. */
  readonly rows: number;
  /** Values per row. */
  readonly cols: number;
  /** Class index (into `classes`) of each reference row. */
  readonly classOf: Int32Array;
  /** Number of classes. */
  readonly classes: number;
}

/** Unit-normalises `rows` reference vectors with their class indices (`classOf[i]` in [0, classes)). */
export function neighbourIndex(
  data: ArrayLike<number>,
  rows: number,
  cols: number,
  classOf: ArrayLike<number>,
  classes: number,
): NeighbourIndex {
  if (data.length !== rows * cols || classOf.length !== rows) {
    throw new InvalidReasoningInputError(
      `neighbourIndex: ${data.length} values and ${classOf.length} classes for ${rows} rows × ${cols} cols`,
    );
  }
  return { unit: unitRows(data, rows, cols), rows, cols, classOf: Int32Array.from(classOf), classes };
}

/** Unit-length copy of `rows` row-major vectors (zero rows stay zero). */
export function unitRows(data: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    let n = 0;
    for (let j = 0; j < cols; j++) n += data[r * cols + j] ** 2;
    const s = n > 0 ? 1 / Math.sqrt(n) : 0;
    for (let j = 0; j < cols; j++) out[r * cols + j] = data[r * cols + j] * s;
  }
  return out;
}

/**
 * Class distribution of a unit-length `query` from its `k` most cosine-similar reference rows (skipping row
 * `exclude`, for leave-one-out on the references themselves): (votes + `smoothing`) / (k + smoothing · classes).
 */
export function neighbourPosterior(
  index: NeighbourIndex,
  query: ArrayLike<number>,
  k: number,
  smoothing: number,
  exclude = -1,
): Float64Array {
  const { unit, rows, cols } = index;
  const best: { sim: number; row: number }[] = [];
  for (let r = 0; r < rows; r++) {
    if (r === exclude) continue;
    let s = 0;
    for (let j = 0; j < cols; j++) s += unit[r * cols + j] * query[j];
    if (best.length < k || s > best[best.length - 1].sim) {
      best.push({ sim: s, row: r });
      best.sort((a, b) => b.sim - a.sim);
      if (best.length > k) best.pop();
    }
  }
  const p = new Float64Array(index.classes).fill(smoothing);
  for (const b of best) p[index.classOf[b.row]] += 1;
  const total = best.length + smoothing * index.classes;
  for (let c = 0; c < p.length; c++) p[c] /= total;
  return p;
}
