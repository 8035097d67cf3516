import { fitBox } from '../boxes/box-factory.js';
import type { ClusterBox } from '../boxes/cluster-box.js';
import type { RowStore } from '../boxes/row-store.js';
import { createRng } from '../rng.js';
import { detK } from '../seeding/detk.js';
import { kmeans } from '../seeding/kmeans.js';
import type { KMeansResult } from '../seeding/seeding-types.js';
import type { ResolvedTreeOptions } from './tree-options.js';

/** Copies the given rows of a store into one contiguous Float64 matrix (only for seeding samples). */
function gather(store: RowStore, rows: ArrayLike<number>): Float64Array {
  const D = store.cols;
  const out = new Float64Array(rows.length * D);
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r];
    const src = store.chunks[store.chunkOf[i]];
    const off = store.offsetOf[i];
    for (let d = 0; d < D; d++) out[r * D + d] = src[off + d];
  }
  return out;
}

/** Nearest centroid by squared distance over the dimensions known on both sides (NaN skipped). */
function nearestCentroid(store: RowStore, i: number, centroids: Float64Array, k: number): number {
  const D = store.cols;
  const src = store.chunks[store.chunkOf[i]];
  const off = store.offsetOf[i];
  let best = 0;
  let bestD = Infinity;
  for (let c = 0; c < k; c++) {
    let s = 0;
    const base = c * D;
    for (let d = 0; d < D; d++) {
      const z = src[off + d] - centroids[base + d];
      if (z === z) s += z * z;
    }
    if (s < bestD) {
      bestD = s;
      best = c;
    }
  }
  return best;
}

/**
 * Clusters of a set of rows (`minK` forces a split, used when a mixed cluster is split by geometry alone).
 * Level-1 clusters of one label inside a node: centroids by detK / k-means on (a seeded sample of) the label's
 * rows, every row assigned to its nearest centroid, one box per non-empty cluster grown by `margin`·σ.
 * At most ⌊rows/2⌋ clusters, so a seeded cluster averages ≥ 2 points (two points never split into two
 * single-point boxes, which would make "two share a label" look like two rejects).
 */
export function seedLabelBoxes(
  store: RowStore,
  rows: Int32Array,
  options: ResolvedTreeOptions,
  seed: number,
  minK = 1,
): ClusterBox[] {
  const n = rows.length;
  const maxClusters = Math.floor(n / 2);
  const fit = { zeroTolerance: options.zeroTolerance, minSharedDims: options.minSharedDims };
  if (maxClusters <= 1 || maxClusters < minK)
    return [fitBox(options.boxKind, store, rows, fit).expand(options.margin)];

  let sample: ArrayLike<number> = rows;
  const sampled = n > options.seedSampleSize;
  if (sampled) {
    // Seeded partial Fisher–Yates; sorted so the sample's order does not depend on the shuffle.
    const rng = createRng(seed ^ 0x5bd1e995);
    const idx = Int32Array.from(rows);
    const m = Math.floor(options.seedSampleSize);
    for (let t = 0; t < m; t++) {
      const j = t + rng.nextInt(n - t);
      const tmp = idx[t];
      idx[t] = idx[j];
      idx[j] = tmp;
    }
    sample = idx.subarray(0, m).sort();
  }
  const matrix = { data: gather(store, sample), rows: sample.length, cols: store.cols };
  const limit = Math.floor(sample.length / 2) >= 1 ? Math.min(maxClusters, Math.floor(sample.length / 2)) : 1;
  let result: KMeansResult;
  if (options.seeding === 'detK') {
    const maxK = Math.max(minK, Math.min(options.maxK, limit));
    result = detK(matrix, { minK: Math.min(minK, maxK), maxK, seed });
  } else {
    result = kmeans(matrix, {
      k: Math.min(Math.max(options.k, minK), limit),
      init: options.seeding === 'kmeans' ? 'random' : 'kmeans++',
      seed,
    });
  }
  const k = result.k;
  if (k === 1) return [fitBox(options.boxKind, store, rows, fit).expand(options.margin)];

  const assign = new Int32Array(n);
  if (sampled) {
    for (let r = 0; r < n; r++) assign[r] = nearestCentroid(store, rows[r], result.centroids, k);
  } else {
    assign.set(result.assignments);
  }
  const sizes = new Int32Array(k);
  for (let r = 0; r < n; r++) sizes[assign[r]]++;
  const groups = Array.from(sizes, (s) => new Int32Array(s));
  const fill = new Int32Array(k);
  for (let r = 0; r < n; r++) groups[assign[r]][fill[assign[r]]++] = rows[r];
  const boxes: ClusterBox[] = [];
  for (const g of groups)
    if (g.length > 0) boxes.push(fitBox(options.boxKind, store, g, fit).expand(options.margin));
  return boxes;
}
