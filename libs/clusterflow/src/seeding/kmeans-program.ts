import type { Rng } from '../rng.js';
import type { ResolvedKMeansOptions } from './kmeans-options.js';
import type { KMeansResult } from './seeding-types.js';
import type { KernelOp } from './kmeans-kernels.js';
import { loadFilledRow, vecSqDist, type KMeansState } from './kmeans-state.js';

/**
 * The k-means algorithms written once, as generators that yield the data-parallel steps (KernelOp) and do the
 * cheap sequential parts (sampling, reductions in chunk order, centroid updates) themselves. A driver runs each
 * yielded op over all chunks, in-process or in workers, then resumes the generator: same seed ⇒ same result on
 * either path.
 */
export type KMeansProgram<T> = Generator<KernelOp, T, undefined>;

/** Sum of the chunk partial at `slot` in chunk order (the fixed order keeps results bit-identical). */
function sumChunks(st: KMeansState, slot: number): number {
  let s = 0;
  for (let c = 0; c < st.nChunks; c++) s += st.chunkScalar[c * st.trialsMax + slot];
  return s;
}

/**
 * Draws a row with probability proportional to minD (the D² sampling of k-means++). `r` is uniform in [0, pot).
 * Only rows with minD > 0 can be drawn, so a drawn row never duplicates a chosen centre.
 */
function drawRow(st: KMeansState, r: number): number {
  const { minD, chunkScalar, trialsMax, chunkSize, n } = st;
  let cum = 0;
  let lastPositive = -1;
  for (let c = 0; c < st.nChunks; c++) {
    const cp = chunkScalar[c * trialsMax];
    if (cp <= 0) continue;
    const start = c * chunkSize;
    const end = Math.min(n, start + chunkSize);
    if (cum + cp <= r && c < st.nChunks - 1) {
      cum += cp;
      for (let i = end - 1; i >= start; i--) {
        if (minD[i] > 0) {
          lastPositive = i;
          break;
        }
      }
      continue;
    }
    for (let i = start; i < end; i++) {
      const d = minD[i];
      if (d <= 0) continue;
      lastPositive = i;
      cum += d;
      if (cum > r) return i;
    }
  }
  // Rounding left r just past the last positive weight.
  return lastPositive;
}

/**
 * k-means++ seeding (Arthur & Vassilvitskii 2007) with greedy local trials as in scikit-learn: each step draws
 * `trials` candidates by D² sampling and keeps the one that lowers the potential most. Writes the centres to
 * st.centroids / st.cnorm and returns how many were chosen: fewer than k when the rows have fewer distinct values.
 */
export function* plusPlusProgram(
  st: KMeansState,
  k: number,
  rng: Rng,
  trials: number,
): KMeansProgram<number> {
  const { cols, kMax, trialsMax } = st;
  if (trials > trialsMax)
    throw new RangeError(`plusPlusProgram: trials ${trials} exceeds capacity ${trialsMax}`);
  const first = rng.nextInt(st.n);
  st.cnorm[0] = loadFilledRow(st, first, st.centroids, 0);
  yield { kind: 'pp-first' };
  let pot = sumChunks(st, 0);
  let chosen = 1;
  while (chosen < k && pot > 0) {
    for (let t = 0; t < trials; t++) {
      const row = drawRow(st, rng.next() * pot);
      st.candNorm[t] = loadFilledRow(st, row, st.cand, t * cols);
      for (let j = 0; j < chosen; j++) {
        st.candToCenter[t * kMax + j] = vecSqDist(st.cand, t * cols, st.centroids, j * cols, cols);
      }
    }
    yield { kind: 'pp-trials', trials };
    let best = 0;
    let bestPot = Infinity;
    for (let t = 0; t < trials; t++) {
      const p = pot - sumChunks(st, t);
      if (p < bestPot) {
        bestPot = p;
        best = t;
      }
    }
    st.centroids.set(st.cand.subarray(best * cols, (best + 1) * cols), chosen * cols);
    st.cnorm[chosen] = st.candNorm[best];
    yield { kind: 'pp-commit', trial: best, center: chosen };
    pot = sumChunks(st, 0);
    chosen++;
  }
  return chosen;
}

/**
 * Random initialisation: k distinct rows drawn uniformly (partial Fisher–Yates). Returns how many distinct rows
 * were found (fewer than k only if the data has fewer distinct rows).
 */
export function randomInit(st: KMeansState, k: number, rng: Rng): number {
  const { n, cols } = st;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let chosen = 0;
  for (let pos = 0; pos < n && chosen < k; pos++) {
    const swap = pos + rng.nextInt(n - pos);
    const row = order[swap];
    order[swap] = order[pos];
    order[pos] = row;
    const norm = loadFilledRow(st, row, st.centroids, chosen * cols);
    let duplicate = false;
    for (let j = 0; j < chosen && !duplicate; j++) {
      duplicate = vecSqDist(st.centroids, chosen * cols, st.centroids, j * cols, cols) === 0;
    }
    if (duplicate) continue;
    st.cnorm[chosen] = norm;
    chosen++;
  }
  return chosen;
}

export interface LloydOutcome {
  readonly inertia: number;
  readonly iterations: number;
  readonly converged: boolean;
}

/**
 * New centroids = means of the known values of their members (a dimension with no known value, or a cluster with
 * no member, keeps its previous value); then the quantities Hamerly's bounds need.
 */
function updateCentroids(st: KMeansState, k: number): void {
  const { cols, kMax, nChunks, centroids, chunkSums, chunkCounts, hasMissing } = st;
  const cStride = hasMissing ? cols : 1;
  const sum = new Float64Array(cols);
  const cnt = new Float64Array(cStride);
  for (let j = 0; j < k; j++) {
    sum.fill(0);
    cnt.fill(0);
    for (let c = 0; c < nChunks; c++) {
      const so = (c * kMax + j) * cols;
      for (let d = 0; d < cols; d++) sum[d] += chunkSums[so + d];
      const co = (c * kMax + j) * cStride;
      for (let d = 0; d < cStride; d++) cnt[d] += chunkCounts[co + d];
    }
    const o = j * cols;
    let move = 0;
    let norm = 0;
    for (let d = 0; d < cols; d++) {
      const m = cnt[hasMissing ? d : 0];
      const next = m > 0 ? sum[d] / m : centroids[o + d];
      const t = next - centroids[o + d];
      move += t * t;
      centroids[o + d] = next;
      norm += next * next;
    }
    st.drift[j] = Math.sqrt(move);
    st.cnorm[j] = norm;
  }
  let max1 = 0;
  let max2 = 0;
  let arg1 = -1;
  for (let j = 0; j < k; j++) {
    const p = st.drift[j];
    if (p > max1) {
      max2 = max1;
      max1 = p;
      arg1 = j;
    } else if (p > max2) max2 = p;
  }
  for (let j = 0; j < k; j++) st.lowerDrift[j] = j === arg1 ? max2 : max1;
  for (let j = 0; j < k; j++) st.half[j] = Infinity;
  for (let j = 0; j < k; j++) {
    for (let j2 = j + 1; j2 < k; j2++) {
      const h = 0.5 * Math.sqrt(vecSqDist(centroids, j * cols, centroids, j2 * cols, cols));
      if (h < st.half[j]) st.half[j] = h;
      if (h < st.half[j2]) st.half[j2] = h;
    }
  }
}

/**
 * Lloyd's algorithm from the centroids in st.centroids (k of them), with Hamerly's bounds to skip distance
 * computations. Stops when no assignment changes, when the relative inertia decrease falls to `tolerance`, or
 * after `maxIterations` assignment steps. `seededAssignment`: st.assign / st.minD already hold the nearest centre
 * and squared distance of every row (k-means++ leaves them so), which replaces the first full assignment. On return st.assign holds the assignment and st.centroids the
 * centroids it was made against; the inertia is exact for that pair.
 */
export function* lloydProgram(
  st: KMeansState,
  k: number,
  maxIterations: number,
  tolerance: number,
  seededAssignment = false,
): KMeansProgram<LloydOutcome> {
  if (seededAssignment) {
    // k-means++ already left every row at its nearest centre with the exact distance: that is the first
    // assignment step. The upper bound is exact; a lower bound of 0 lets Hamerly's half-gap test do the pruning.
    for (let i = 0; i < st.n; i++) {
      st.upper[i] = Math.sqrt(st.minD[i]);
      st.lower[i] = 0;
    }
    st.chunkChanged.fill(1);
  } else {
    st.assign.fill(-1);
    yield { kind: 'assign-full', k };
  }
  let iterations = 0;
  let prevInertia = Infinity;
  let inertia = 0;
  let converged = false;
  for (;;) {
    iterations++;
    yield { kind: 'accumulate', k };
    inertia = sumChunks(st, 0);
    let changed = 0;
    for (let c = 0; c < st.nChunks; c++) changed += st.chunkChanged[c];
    if (iterations > 1 && changed === 0) {
      converged = true;
      break;
    }
    if (inertia === 0 || (Number.isFinite(prevInertia) && prevInertia - inertia <= tolerance * prevInertia)) {
      converged = true;
      break;
    }
    if (iterations >= maxIterations) break;
    prevInertia = inertia;
    updateCentroids(st, k);
    yield { kind: 'assign-hamerly', k };
  }
  return { inertia, iterations, converged };
}

/**
 * Initialisation then Lloyd. k is clamped to the number of distinct rows (no empty or NaN centroid ever);
 * the result's `k` says how many clusters there are.
 */
export function* kmeansProgram(st: KMeansState, o: ResolvedKMeansOptions): KMeansProgram<KMeansResult> {
  const k =
    o.init === 'kmeans++'
      ? yield* plusPlusProgram(st, o.k, o.rng, o.localTrials)
      : randomInit(st, o.k, o.rng);
  const out = yield* lloydProgram(st, k, o.maxIterations, o.tolerance, o.init === 'kmeans++');
  return {
    centroids: st.centroids.slice(0, k * st.cols),
    assignments: st.assign.slice(),
    k,
    inertia: out.inertia,
    iterations: out.iterations,
    converged: out.converged,
  };
}
