import { escapePValue } from './calibration.js';
import type { World } from './world.js';

/**
 * Calibrated class distribution of one image under a world: the tree's guess scores q(g) (threshold ∞, all
 * labels) pushed through the held-out confusion of the calibration folds, P(t | guessed g) with add-one
 * smoothing, then mixed toward uniform by how atypical the image's escape is: p = v·Σ_g q(g)P(t|g) + (1−v)/L with
 * v the escape p-value. Order = `world.calibration.labels`.
 */
export function classPosterior(world: World, point: Float32Array | Float64Array): Float64Array {
  const { labels, confusion } = world.calibration;
  const L = labels.length;
  const guess = world.tree.guess(point, { ...world.guess, topK: L, worldEscapeThreshold: Infinity });
  const index = new Map(labels.map((l, i) => [l, i]));
  const q = new Float64Array(L);
  let total = 0;
  for (const l of guess.labels) {
    const g = index.get(l.label);
    if (g !== undefined && l.score > 0) {
      q[g] += l.score;
      total += l.score;
    }
  }
  const out = new Float64Array(L);
  if (total === 0) return out.fill(1 / L);
  for (let g = 0; g < L; g++) {
    if (q[g] === 0) continue;
    const row = confusion[g];
    let rowSum = L;
    for (let t = 0; t < L; t++) rowSum += row[t];
    for (let t = 0; t < L; t++) out[t] += (q[g] / total) * ((row[t] + 1) / rowSum);
  }
  const v = escapePValue(world.calibration, guess.evidence.world.escapeDistance);
  for (let t = 0; t < L; t++) out[t] = v * out[t] + (1 - v) / L;
  return out;
}
