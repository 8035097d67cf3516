import type { PointMatrix } from '@clusterflow/clusterflow';
import { InvalidReasoningInputError } from '../errors/reasoning-error.js';
import { worldMembership } from '../membership/world-membership.js';
import { toWorldSpace, worldInputDim, type World } from '../world/world.js';

/**
 * Which boundary counts as "outside": 'box' = the world box itself (escape distance > 0, the paper's "outside
 * that cluster"); 'calibrated' = not a member by the world's calibrated rule (`worldMembership`: world escape and nearest-cluster
 * distance; rejects ≈ α of familiar items).
 */
export type SurpriseBoundary = 'box' | 'calibrated';

/** How surprised a world is by a set of test items (result of `surprise`). */
export interface SurpriseResult {
  /** Items outside the world. */
  readonly outside: number;
  /** Items tested. */
  readonly total: number;
  /** outside / total, in [0, 1]. */
  readonly surprise: number;
  /** The boundary that decided "outside". */
  readonly boundary: SurpriseBoundary;
  /**
   * The escape distance above which an item counted as outside: 0 for 'box', the world's calibrated threshold for
   * 'calibrated' (where the nearest-cluster test can also put an item outside).
   */
  readonly threshold: number;
}

/**
 * Surprise of a world familiarised with one category at a set of test items (paper §1.5, §3.4.1): the share of
 * the items that fall outside it. Default boundary 'box'.
 */
export function surprise(
  world: World,
  items: PointMatrix,
  boundary: SurpriseBoundary = 'box',
): SurpriseResult {
  if (items.cols !== worldInputDim(world))
    throw new InvalidReasoningInputError(
      `surprise: items have ${items.cols} columns, the world's tap has ${worldInputDim(world)}`,
    );
  if (items.rows === 0) throw new InvalidReasoningInputError('surprise: need at least one test item');
  const threshold = boundary === 'box' ? 0 : world.calibration.threshold;
  let outside = 0;
  // worldMembership maps raw rows itself; the box test reads the tree directly, so it needs them mapped.
  const mapped = boundary === 'box' ? toWorldSpace(world, items, 'surprise') : items;
  for (let i = 0; i < items.rows; i++) {
    if (boundary === 'calibrated') {
      if (!worldMembership(world, items.data.subarray(i * items.cols, (i + 1) * items.cols)).inWorld)
        outside++;
      continue;
    }
    const m = world.tree.membership(mapped.data, undefined, i * mapped.cols);
    if (m.evidence.world.escapeDistance > threshold) outside++;
  }
  return { outside, total: items.rows, surprise: outside / items.rows, boundary, threshold };
}
