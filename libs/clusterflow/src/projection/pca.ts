import { InvalidInputError } from '../errors/clusterflow-error.js';
import type { PointMatrix } from '../point-matrix.js';

/** Options of `fitPca`. */
export interface PcaOptions {
  /** Principal components to keep, an integer from 1 to the data's `cols`. Default 2 (a 2-D map). */
  readonly components?: number;
  /** Power-iteration steps per component, ≥ 1. Default 300. */
  readonly iterations?: number;
  /** Stop a component early once its direction moves less than this (1 − |cos|), ≥ 0. Default 1e-12. */
  readonly tolerance?: number;
}

/**
 * A fitted principal-component projection: subtract `mean`, then take dot products with each component.
 * Apply it to the fitted rows or to new rows with `transformPca`.
 */
export interface PcaModel {
  /** Dimensions of the data the model was fitted on (and accepts). */
  readonly cols: number;
  /** Number of components kept (`k`). */
  readonly componentCount: number;
  /** Column means of the fitted data (length `cols`). */
  readonly mean: Float64Array;
  /**
   * `k × cols` row-major: unit-length, mutually orthogonal directions, largest variance first. Each one's sign is
   * fixed so its largest-magnitude entry is positive.
   */
  readonly components: Float64Array;
  /** Variance of the fitted data along each component (covariance eigenvalues, divisor rows − 1; 0 for 1 row). */
  readonly variances: Float64Array;
}

/**
 * Fits the first principal components of `points` by power iteration on XᵀX (the cols × cols covariance is
 * never formed: each step is two passes over the rows, so 1000-D activations stay cheap). Deterministic: the
 * start vector is fixed (1, 2, 3, …) and signs are normalised, so there is no random choice and no seed.
 */
export function fitPca(points: PointMatrix, options: PcaOptions = {}): PcaModel {
  const { data, rows, cols } = points;
  const k = options.components ?? 2;
  const iterations = options.iterations ?? 300;
  const tolerance = options.tolerance ?? 1e-12;
  checkMatrix(points, 'fitPca');
  if (rows < 1) throw new InvalidInputError('fitPca: need at least 1 row, got 0');
  if (!Number.isInteger(k) || k < 1 || k > cols)
    throw new InvalidInputError(`fitPca: components is ${k}; allowed: an integer from 1 to cols (${cols})`);
  if (!Number.isInteger(iterations) || iterations < 1)
    throw new InvalidInputError(`fitPca: iterations is ${iterations}; allowed: an integer ≥ 1`);
  if (!(tolerance >= 0))
    throw new InvalidInputError(`fitPca: tolerance is ${tolerance}; allowed: a number ≥ 0`);
  for (let i = 0; i < data.length; i++)
    if (!Number.isFinite(data[i]))
      throw new InvalidInputError(
        `fitPca: value ${data[i]} at row ${Math.floor(i / cols)}, column ${i % cols}; PCA needs finite values (impute missing ones first)`,
      );

  const mean = new Float64Array(cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) mean[c] += data[r * cols + c];
  for (let c = 0; c < cols; c++) mean[c] /= rows;
  const x = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) x[r * cols + c] = data[r * cols + c] - mean[c];

  const components = new Float64Array(k * cols);
  const basis: Float64Array[] = [];
  const variances = new Float64Array(k);
  const projected = new Float64Array(rows);
  for (let comp = 0; comp < k; comp++) {
    // Start off-axis (1, 2, 3, …) so a start orthogonal to the top component is unlikely.
    let v = new Float64Array(cols).map((_, c) => 1 + c);
    orthonormalise(v, basis);
    let lambda = 0;
    for (let it = 0; it < iterations; it++) {
      for (let r = 0; r < rows; r++) {
        let s = 0;
        for (let c = 0; c < cols; c++) s += x[r * cols + c] * v[c];
        projected[r] = s;
      }
      const next = new Float64Array(cols);
      for (let r = 0; r < rows; r++) {
        const p = projected[r];
        if (p !== 0) for (let c = 0; c < cols; c++) next[c] += x[r * cols + c] * p;
      }
      orthonormalise(next, basis);
      lambda = 0;
      for (let r = 0; r < rows; r++) lambda += projected[r] * projected[r];
      let cos = 0;
      for (let c = 0; c < cols; c++) cos += next[c] * v[c];
      v = next;
      if (1 - Math.abs(cos) < tolerance) break;
    }
    let big = 0;
    for (let c = 1; c < cols; c++) if (Math.abs(v[c]) > Math.abs(v[big])) big = c;
    if (v[big] < 0) for (let c = 0; c < cols; c++) v[c] = -v[c];
    basis.push(v);
    components.set(v, comp * cols);
    variances[comp] = rows > 1 ? lambda / (rows - 1) : 0;
  }
  return { cols, componentCount: k, mean, components, variances };
}

/** Coordinates of `points` on the model's components: a Float64 `rows × componentCount` matrix. */
export function transformPca(model: PcaModel, points: PointMatrix): PointMatrix {
  const { data, rows, cols } = points;
  checkMatrix(points, 'transformPca');
  if (cols !== model.cols)
    throw new InvalidInputError(
      `transformPca: points have ${cols} columns; the model was fitted on ${model.cols}`,
    );
  const k = model.componentCount;
  const out = new Float64Array(rows * k);
  const centred = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) centred[c] = data[r * cols + c] - model.mean[c];
    for (let comp = 0; comp < k; comp++) {
      let s = 0;
      for (let c = 0; c < cols; c++) s += centred[c] * model.components[comp * cols + c];
      out[r * k + comp] = s;
    }
  }
  return { data: out, rows, cols: k };
}

function checkMatrix(points: PointMatrix, where: string): void {
  const { data, rows, cols } = points;
  if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 1)
    throw new InvalidInputError(`${where}: need rows ≥ 0 and cols ≥ 1, got rows=${rows}, cols=${cols}`);
  if (data.length !== rows * cols)
    throw new InvalidInputError(
      `${where}: data has ${data.length} values, expected rows*cols=${rows * cols}`,
    );
}

/** Removes the span of `basis` from `v` and scales it to unit length (leaves a zero vector at zero). */
function orthonormalise(v: Float64Array, basis: readonly Float64Array[]): void {
  for (const b of basis) {
    let dot = 0;
    for (let c = 0; c < v.length; c++) dot += v[c] * b[c];
    for (let c = 0; c < v.length; c++) v[c] -= dot * b[c];
  }
  let norm = 0;
  for (let c = 0; c < v.length; c++) norm += v[c] * v[c];
  norm = Math.sqrt(norm);
  if (norm > 0) for (let c = 0; c < v.length; c++) v[c] /= norm;
}
