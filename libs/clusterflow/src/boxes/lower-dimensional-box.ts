import type { PointMatrix } from '../point-matrix.js';
import { allRows, fitOptions, fitStats, storeOf } from './box-fit.js';
import type { BoxFitOptions, BoxState } from './cluster-box.js';
import { CompleteBox } from './complete-box.js';
import type { RowStore } from './row-store.js';

/**
 * LowerDimensionalBox — lives in the subspace of its *active* dimensions (some member had |x_d| > zeroTolerance). Contains x ⇔ x is inside the bounds on every active dimension and |x_d| ≤ zeroTolerance on every inactive one; a larger value there is an escape dimension. On an active dimension a 0 is inside only if the bounds reach 0 (some member was 0 there). Rows must be complete (no NaN).
 */
export class LowerDimensionalBox extends CompleteBox {
  /** Always 'lower'. */
  readonly kind = 'lower' as const;

  /** Wraps a complete state (e.g. loaded from JSON); the arrays are used as given. */
  constructor(state: Omit<BoxState, 'kind'>) {
    super(state);
  }

  /** Fits the box on the given rows of `points` (default: all rows). */
  static fit(points: PointMatrix, rows?: ArrayLike<number>, options?: BoxFitOptions): LowerDimensionalBox {
    return LowerDimensionalBox.fitStore(storeOf(points), rows ?? allRows(points), options);
  }

  /**
   * Fits on rows of a chunked row store (streamed batches): a dimension is active where some member has
   * |x_d| > zeroTolerance.
   */
  static fitStore(
    store: RowStore,
    rows: ArrayLike<number>,
    options: BoxFitOptions = {},
  ): LowerDimensionalBox {
    const { zeroTolerance } = fitOptions(options);
    const { lo, hi, n, mean, m2 } = fitStats('lower', store, rows, false);
    const D = store.cols;
    const active = new Uint8Array(D);
    for (let d = 0; d < D; d++)
      active[d] = Math.max(Math.abs(lo[d]), Math.abs(hi[d])) > zeroTolerance ? 1 : 0;
    return new LowerDimensionalBox({
      dims: D,
      count: rows.length,
      lo,
      hi,
      active,
      stats: { n, mean, m2 },
      zeroTolerance,
      minSharedDims: 1,
    });
  }

  protected make(state: Omit<BoxState, 'kind'>): LowerDimensionalBox {
    return new LowerDimensionalBox(state);
  }
}
