import type { PointMatrix } from '../point-matrix.js';
import { AxisBox, allRows, fitState, storeOf } from './axis-box.js';
import type { BoxFitOptions, BoxState } from './cluster-box.js';
import type { RowStore } from './row-store.js';

/**
 * Box — plain axis-aligned hypercuboid: contains x ⇔ lo_d ≤ x_d ≤ hi_d on every dimension. Rows must be complete (no NaN).
 */
export class Box extends AxisBox {
  /** Always 'box'. */
  readonly kind = 'box' as const;

  /** Wraps a complete state (e.g. loaded from JSON); the arrays are used as given. */
  constructor(state: Omit<BoxState, 'kind'>) {
    super(state);
  }

  /** Fits the box on the given rows of `points` (default: all rows). */
  static fit(points: PointMatrix, rows?: ArrayLike<number>, options?: BoxFitOptions): Box {
    return new Box(fitState('box', storeOf(points), rows ?? allRows(points), options));
  }

  /** Fits on rows of a chunked row store (streamed batches). */
  static fitStore(store: RowStore, rows: ArrayLike<number>, options?: BoxFitOptions): Box {
    return new Box(fitState('box', store, rows, options));
  }

  protected make(state: Omit<BoxState, 'kind'>): Box {
    return new Box(state);
  }
}
