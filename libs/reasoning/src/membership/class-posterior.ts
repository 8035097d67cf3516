import { membershipPValue } from '../world/calibration.js';
import { nearestClusterDistance } from '../world/cluster-distance.js';
import type { World } from '../world/world.js';

/**
 * Calibrated class distribution of one image under a world: the tree's top guess g (threshold ∞) read through the
 * held-out confusion of the calibration folds, P(t | top guess g) with add-one smoothing, then mixed toward uniform by how atypical the image's escape is: p = v·Σ_g q(g)P(t|g) + (1−v)/L with
 * v the escape p-value. Order = `world.calibration.labels`.
 */
export function classPosterior(world: World, point: Float32Array | Float64Array): Float64Array {
  const { labels, confusion } = world.calibration;
  const L = labels.length;
  const guess = world.tree.guess(point, { ...world.guess, topK: 1, worldEscapeThreshold: Infinity });
  const index = new Map(labels.map((l, i) => [l, i]));
  const top = guess.labels[0] ? index.get(guess.labels[0].label) : undefined;
  const out = new Float64Array(L);
  if (top === undefined) return out.fill(1 / L);
  // The confusion was counted for top-1 guesses, so only the top guess indexes it (using the soft scores too
  // would count the same uncertainty twice).
  const row = confusion[top];
  let rowSum = L;
  for (let t = 0; t < L; t++) rowSum += row[t];
  for (let t = 0; t < L; t++) out[t] = (row[t] + 1) / rowSum;
  const dc = world.calibration.rule === 'world' ? 0 : nearestClusterDistance(world.tree, point);
  const v = membershipPValue(world.calibration, guess.evidence.world.escapeDistance, dc);
  for (let t = 0; t < L; t++) out[t] = v * out[t] + (1 - v) / L;
  return out;
}
