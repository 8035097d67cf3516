import { InvalidInputError } from '../errors/clusterflow-error.js';
import type { PointMatrix } from '../point-matrix.js';
import { createRng } from '../rng.js';
import { kmeans } from './kmeans.js';
import type { DetKOptions, DetKResult, KMeansResult } from './seeding-types.js';

/**
 * Pham, Dimov & Nguyen's weight α_K for D dimensions: α_2 = 1 − 3/(4D), α_K = α_{K−1} + (1 − α_{K−1})/6.
 */
export function detKAlpha(K: number, D: number): number {
  let a = 1 - 3 / (4 * D);
  for (let j = 3; j <= K; j++) a += (1 - a) / 6;
  return a;
}

/**
 * f(K) of Pham, Dimov & Nguyen (2005) from the distortions S_1..S_maxK (index K−1): f(1) = 1; f(K) = 1 if
 * S_{K−1} = 0, else S_K / (α_K · S_{K−1}).
 */
export function detKScores(distortions: ArrayLike<number>, D: number): Float64Array {
  const f = new Float64Array(distortions.length);
  for (let K = 1; K <= distortions.length; K++) {
    const prev = K > 1 ? distortions[K - 2] : 0;
    f[K - 1] = K === 1 || prev === 0 ? 1 : distortions[K - 1] / (detKAlpha(K, D) * prev);
  }
  return f;
}

/**
 * Chooses the number of clusters automatically (Pham, Dimov & Nguyen 2005): k-means++ for K = 1..maxK, then the
 * K with the smallest f(K) (ties → smaller K); if that f is ≥ `threshold` there is no clear structure and K =
 * minK. maxK is clamped to the number of rows and of distinct points, so `fK` may be shorter than maxK.
 * Defaults: minK 1, maxK 10, threshold 0.85, maxIterations 300, seed 0.
 *
 * @throws InvalidInputError for 0 rows or inconsistent options.
 */
export function detK(points: PointMatrix, options: DetKOptions = {}): DetKResult {
  const minK = options.minK ?? 1;
  const maxK = options.maxK ?? 10;
  const threshold = options.threshold ?? 0.85;
  if (points.rows < 1) throw new InvalidInputError('detK: points has 0 rows; at least 1 row is required');
  if (!Number.isInteger(minK) || minK < 1) {
    throw new InvalidInputError(`detK: minK must be an integer >= 1, got ${minK}`);
  }
  if (!Number.isInteger(maxK) || maxK < minK) {
    throw new InvalidInputError(`detK: maxK must be an integer >= minK (${minK}), got ${maxK}`);
  }
  if (!Number.isFinite(threshold))
    throw new InvalidInputError(`detK: threshold must be finite, got ${threshold}`);
  const rng = options.rng ?? createRng(options.seed ?? 0);
  const runs: KMeansResult[] = [];
  const limit = Math.min(maxK, points.rows);
  for (let K = 1; K <= limit; K++) {
    const run = kmeans(points, { k: K, rng, maxIterations: options.maxIterations });
    if (run.k < K) break; // fewer distinct points than K: larger K cannot add clusters
    runs.push(run);
  }
  const fK = detKScores(
    runs.map((r) => r.inertia),
    points.cols,
  );
  const fallback = Math.min(minK, runs.length);
  let best = fallback;
  let bestF = Infinity;
  for (let K = fallback; K <= runs.length; K++) {
    if (fK[K - 1] < bestF) {
      bestF = fK[K - 1];
      best = K;
    }
  }
  if (bestF >= threshold) best = fallback;
  return { ...runs[best - 1], fK };
}
