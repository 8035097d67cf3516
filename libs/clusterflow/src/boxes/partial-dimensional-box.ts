import type { PointMatrix } from '../point-matrix.js';
import { AxisBox, allRows, fitState, storeOf } from './axis-box.js';
import type { BoxFitOptions, BoxState } from './cluster-box.js';
import type { RowStore } from './row-store.js';

/**
 * PartialDimensionalBox — tolerates missing values (NaN). Bounds per dimension come from the members' known values; membership is judged on the dimensions known on both sides (`sharedDims`) and needs at least `minSharedDims` of them (default 1; fewer ⇒ outside).
 */
export class PartialDimensionalBox extends AxisBox {
  /** Always 'partial'. */
  readonly kind = 'partial' as const;

  /** Wraps a complete state (e.g. loaded from JSON); the arrays are used as given. */
  constructor(state: Omit<BoxState, 'kind'>) {
    super(state);
  }

  /** Fits the box on the given rows of `points` (default: all rows). */
  static fit(points: PointMatrix, rows?: ArrayLike<number>, options?: BoxFitOptions): PartialDimensionalBox {
    return new PartialDimensionalBox(fitState('partial', storeOf(points), rows ?? allRows(points), options));
  }

  /** Fits on rows of a chunked row store (streamed batches). */
  static fitStore(store: RowStore, rows: ArrayLike<number>, options?: BoxFitOptions): PartialDimensionalBox {
    return new PartialDimensionalBox(fitState('partial', store, rows, options));
  }

  protected make(state: Omit<BoxState, 'kind'>): PartialDimensionalBox {
    return new PartialDimensionalBox(state);
  }
}
