import type { PointMatrix } from '../point-matrix.js';
import { allRows, fitOptions, fitStats, storeOf } from './box-fit.js';
import type { BoxFitOptions, BoxState } from './cluster-box.js';
import { CompleteBox } from './complete-box.js';
import type { RowStore } from './row-store.js';

/**
 * Box — plain axis-aligned hypercuboid: contains x ⇔ lo_d ≤ x_d ≤ hi_d on every dimension. Rows must be complete (no NaN).
 */
export class Box extends CompleteBox {
  /** Always 'box'. */
  readonly kind = 'box' as const;

  /** Wraps a complete state (e.g. loaded from JSON); the arrays are used as given. */
  constructor(state: Omit<BoxState, 'kind'>) {
    super(state);
  }

  /** Fits the box on the given rows of `points` (default: all rows). */
  static fit(points: PointMatrix, rows?: ArrayLike<number>, options?: BoxFitOptions): Box {
    return Box.fitStore(storeOf(points), rows ?? allRows(points), options);
  }

  /** Fits on rows of a chunked row store (streamed batches): every dimension is constrained. */
  static fitStore(store: RowStore, rows: ArrayLike<number>, options: BoxFitOptions = {}): Box {
    fitOptions(options);
    const { lo, hi, n, mean, m2 } = fitStats('box', store, rows, false);
    return new Box({
      dims: store.cols,
      count: rows.length,
      lo,
      hi,
      active: new Uint8Array(store.cols).fill(1),
      stats: { n, mean, m2 },
      zeroTolerance: 0,
      minSharedDims: 1,
    });
  }

  protected make(state: Omit<BoxState, 'kind'>): Box {
    return new Box(state);
  }
}
