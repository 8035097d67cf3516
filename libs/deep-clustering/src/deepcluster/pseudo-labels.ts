import type { SeededRng } from '../ddc/seeded-rng.js';

/**
 * Gives every empty cluster points again, as DeepCluster does: pick a random non-empty cluster, split it by
 * moving its centroid ± a small perturbation into the two clusters and reassigning its points to the nearer one.
 * Works in place on `assignments` and `centroids` (k × dim); returns how many clusters were re-seeded.
 */
export function reseedEmptyClusters(
  points: Float32Array,
  dim: number,
  assignments: Int32Array,
  centroids: Float64Array,
  k: number,
  rng: SeededRng,
  perturbation = 1e-3,
): number {
  const sizes = new Int32Array(k);
  for (const a of assignments) sizes[a]++;
  let reseeded = 0;
  for (let empty = 0; empty < k; empty++) {
    if (sizes[empty] > 0) continue;
    const candidates: number[] = [];
    for (let c = 0; c < k; c++) if (sizes[c] > 1) candidates.push(c);
    if (candidates.length === 0) break;
    const donor = candidates[rng.nextInt(candidates.length)];
    for (let j = 0; j < dim; j++) {
      const e = perturbation * (rng.next() * 2 - 1);
      centroids[empty * dim + j] = centroids[donor * dim + j] + e;
      centroids[donor * dim + j] -= e;
    }
    for (let i = 0; i < assignments.length; i++) {
      if (assignments[i] !== donor) continue;
      let dd = 0;
      let de = 0;
      for (let j = 0; j < dim; j++) {
        const x = points[i * dim + j];
        dd += (x - centroids[donor * dim + j]) ** 2;
        de += (x - centroids[empty * dim + j]) ** 2;
      }
      if (de < dd) {
        assignments[i] = empty;
        sizes[donor]--;
        sizes[empty]++;
      }
    }
    // Identical points split nowhere: move one so the cluster is not empty.
    if (sizes[empty] === 0) {
      const i = assignments.indexOf(donor);
      assignments[i] = empty;
      sizes[donor]--;
      sizes[empty]++;
    }
    reseeded++;
  }
  return reseeded;
}

/**
 * DeepCluster's sampler: an epoch's row order drawn uniformly over the pseudo-classes — each non-empty class gets
 * ⌈n / classes⌉ draws (with replacement) from its members — so a large cluster cannot dominate training. Shuffled.
 */
export function uniformOverClasses(assignments: Int32Array, k: number, rng: SeededRng): Int32Array {
  const members: number[][] = Array.from({ length: k }, () => []);
  assignments.forEach((a, i) => members[a].push(i));
  const nonEmpty = members.filter((m) => m.length > 0);
  const per = Math.ceil(assignments.length / nonEmpty.length);
  const order = new Int32Array(per * nonEmpty.length);
  let t = 0;
  for (const m of nonEmpty) for (let s = 0; s < per; s++) order[t++] = m[rng.nextInt(m.length)];
  rng.shuffle(order);
  return order.subarray(0, assignments.length);
}
