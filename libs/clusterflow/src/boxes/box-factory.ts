import { InvalidInputError } from '../errors/clusterflow-error.js';
import { Box } from './box.js';
import type { BoxFitOptions, BoxKind, BoxState, ClusterBox } from './cluster-box.js';
import { LowerDimensionalBox } from './lower-dimensional-box.js';
import { PartialDimensionalBox } from './partial-dimensional-box.js';
import type { RowStore } from './row-store.js';

const KINDS: readonly BoxKind[] = ['box', 'lower', 'partial'];

/** Validates a box kind name at the edge. */
export function checkBoxKind(kind: string): BoxKind {
  if (!(KINDS as readonly string[]).includes(kind)) {
    throw new InvalidInputError(`boxKind must be one of ${KINDS.join(', ')}; got ${kind}`);
  }
  return kind as BoxKind;
}

/** Fits a box of the given kind on rows of a store. */
export function fitBox(
  kind: BoxKind,
  store: RowStore,
  rows: ArrayLike<number>,
  options?: BoxFitOptions,
): ClusterBox {
  switch (checkBoxKind(kind)) {
    case 'box':
      return Box.fitStore(store, rows, options);
    case 'lower':
      return LowerDimensionalBox.fitStore(store, rows, options);
    default:
      return PartialDimensionalBox.fitStore(store, rows, options);
  }
}

/** Rebuilds a box from its state (the inverse of reading its fields). */
export function boxFromState(state: BoxState): ClusterBox {
  const { kind, ...rest } = state;
  switch (checkBoxKind(kind)) {
    case 'box':
      return new Box(rest);
    case 'lower':
      return new LowerDimensionalBox(rest);
    default:
      return new PartialDimensionalBox(rest);
  }
}
