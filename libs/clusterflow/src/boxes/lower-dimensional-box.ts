import type { PointMatrix } from '../point-matrix.js';
import { AxisBox, allRows, fitState, storeOf } from './axis-box.js';
import type { BoxFitOptions, BoxState } from './cluster-box.js';
import type { RowStore } from './row-store.js';

/**
 * LowerDimensionalBox — lives in the subspace of its *active* dimensions (some member had |x_d| > zeroTolerance). Contains x ⇔ x is inside the bounds on every active dimension and |x_d| ≤ zeroTolerance on every inactive one; a larger value there is an escape dimension. On an active dimension a 0 is inside only if the bounds reach 0 (some member was 0 there). Rows must be complete (no NaN).
 */
export class LowerDimensionalBox extends AxisBox {
  /** Always 'lower'. */
  readonly kind = 'lower' as const;

  /** Wraps a complete state (e.g. loaded from JSON); the arrays are used as given. */
  constructor(state: Omit<BoxState, 'kind'>) {
    super(state);
  }

  /** Fits the box on the given rows of `points` (default: all rows). */
  static fit(points: PointMatrix, rows?: ArrayLike<number>, options?: BoxFitOptions): LowerDimensionalBox {
    return new LowerDimensionalBox(fitState('lower', storeOf(points), rows ?? allRows(points), options));
  }

  /** Fits on rows of a chunked row store (streamed batches). */
  static fitStore(store: RowStore, rows: ArrayLike<number>, options?: BoxFitOptions): LowerDimensionalBox {
    return new LowerDimensionalBox(fitState('lower', store, rows, options));
  }

  protected make(state: Omit<BoxState, 'kind'>): LowerDimensionalBox {
    return new LowerDimensionalBox(state);
  }
}
