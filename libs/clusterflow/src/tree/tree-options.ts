import type { BoxKind } from '../boxes/cluster-box.js';
import { checkBoxKind } from '../boxes/box-factory.js';
import { InvalidInputError } from '../errors/clusterflow-error.js';

/** How level-1 clusters of one label are seeded. */
export type SeedingMethod = 'detK' | 'kmeans' | 'kmeans++';

/** Progress reported while a tree is built (one event per phase step; cheap to ignore). */
export interface TreeProgress {
  /**
   * 'batch': a streamed batch was read (`buildTreeStreaming` only); 'world': the world box is fitted; 'node': a
   * mixed node is being split; 'rejects': the final batch of rejects is being clustered; 'done': build finished.
   */
  readonly phase: 'batch' | 'world' | 'node' | 'rejects' | 'done';
  /** Nodes created so far. */
  readonly nodes: number;
  /** Depth of the node being expanded (0 = world). */
  readonly depth: number;
  /** Points seen so far (batches) or points in the node being expanded. */
  readonly points: number;
}

/** Options of `buildTree` / `buildTreeStreaming`. Every field is optional; defaults below. */
export interface TreeBuildOptions {
  /** Box kind for every cluster: 'box' | 'lower' | 'partial' (use 'partial' for NaN data). Default 'lower'. */
  readonly boxKind?: BoxKind;
  /** Inner clusters grow by margin·σ_d on each side. Default 0.1. */
  readonly margin?: number;
  /** The world grows by worldMargin·σ_d (σ over all points). Default 1.0 (docs/ARCHITECTURE.md "Membership is graded and calibrated": 1σ). */
  readonly worldMargin?: number;
  /** `lower` boxes: inactive means |x| ≤ zeroTolerance. Default 0. */
  readonly zeroTolerance?: number;
  /** `partial` boxes: shared known dimensions needed for membership. Default 1. */
  readonly minSharedDims?: number;
  /** Level-1 seeding per label. Default 'detK'. */
  readonly seeding?: SeedingMethod;
  /** Clusters per label for 'kmeans' / 'kmeans++' (clamped to ⌊points/2⌋). Default 2. */
  readonly k?: number;
  /** Largest K detK tries (clamped to ⌊points/2⌋, so every seeded cluster averages ≥ 2 points). Default 10. */
  readonly maxK?: number;
  /**
   * Centroids of a label are found on at most this many of its points (a seeded sample); every point of the
   * label is then assigned to its nearest centroid before the boxes are fitted, so the boxes still cover all
   * points. detK runs k-means for K = 1..maxK, which dominates build time (≈ 1.1 s CPU for 1000 points at
   * D = 1000, ≈ 0.17 s for 256), hence the default. Default 256.
   */
  readonly seedSampleSize?: number;
  /**
   * When two clusters count as overlapping and are merged: 'foreign' — some point lies in both and carries
   * none of the seeding labels of one of them (a multi-label point inside the clusters of its own labels
   * joins each of them instead; clusters may then share such points); 'members' — any point lies in both
   * (clusters never share points; multi-label points chain their labels' clusters together); 'boxes' — the
   * boxes intersect anywhere (siblings geometrically disjoint). Default 'foreign'.
   */
  readonly overlap?: 'foreign' | 'members' | 'boxes';
  /** Depth below which mixed clusters are no longer split (world = 0). Default 8. */
  readonly maxDepth?: number;
  /** Seed of every random choice (same seed ⇒ identical tree). Default 0. */
  readonly seed?: number;
  /** Called synchronously with every progress event. Default: none. */
  readonly onProgress?: (progress: TreeProgress) => void;
}

/** Options with every default filled in and every value checked. */
export interface ResolvedTreeOptions {
  /** Box kind for every cluster (see {@link TreeBuildOptions.boxKind}). */
  readonly boxKind: BoxKind;
  /** Inner clusters grow by margin·σ_d on each side. */
  readonly margin: number;
  /** The world grows by worldMargin·σ_d. */
  readonly worldMargin: number;
  /** `lower` boxes: inactive means |x| ≤ zeroTolerance. */
  readonly zeroTolerance: number;
  /** `partial` boxes: shared known dimensions needed for membership. */
  readonly minSharedDims: number;
  /** Level-1 seeding per label. */
  readonly seeding: SeedingMethod;
  /** Clusters per label for 'kmeans' / 'kmeans++'. */
  readonly k: number;
  /** Largest K detK tries. */
  readonly maxK: number;
  /** Centroids of a label are found on at most this many of its points. */
  readonly seedSampleSize: number;
  /** Depth below which mixed clusters are no longer split. */
  readonly maxDepth: number;
  /** When two clusters count as overlapping and are merged (see {@link TreeBuildOptions.overlap}). */
  readonly overlap: 'foreign' | 'members' | 'boxes';
  /** Seed of every random choice. */
  readonly seed: number;
}

function nonNegative(name: string, v: number): number {
  if (!(v >= 0) || !Number.isFinite(v))
    throw new InvalidInputError(`${name} must be a finite number >= 0, got ${v}`);
  return v;
}

function positiveInt(name: string, v: number, min: number): number {
  if (!Number.isInteger(v) || v < min)
    throw new InvalidInputError(`${name} must be an integer >= ${min}, got ${v}`);
  return v;
}

export function resolveTreeOptions(options: TreeBuildOptions = {}): ResolvedTreeOptions {
  const seeding = options.seeding ?? 'detK';
  if (seeding !== 'detK' && seeding !== 'kmeans' && seeding !== 'kmeans++') {
    throw new InvalidInputError(`seeding must be 'detK', 'kmeans' or 'kmeans++', got '${String(seeding)}'`);
  }
  const seed = options.seed ?? 0;
  if (!Number.isFinite(seed)) throw new InvalidInputError(`seed must be a finite number, got ${seed}`);
  const overlap = options.overlap ?? 'foreign';
  if (overlap !== 'foreign' && overlap !== 'members' && overlap !== 'boxes') {
    throw new InvalidInputError(`overlap must be 'foreign', 'members' or 'boxes', got '${String(overlap)}'`);
  }
  const sample = options.seedSampleSize ?? 256;
  if (!(sample >= 2)) throw new InvalidInputError(`seedSampleSize must be >= 2, got ${sample}`);
  return {
    boxKind: checkBoxKind(options.boxKind ?? 'lower'),
    margin: nonNegative('margin', options.margin ?? 0.1),
    worldMargin: nonNegative('worldMargin', options.worldMargin ?? 1.0),
    zeroTolerance: nonNegative('zeroTolerance', options.zeroTolerance ?? 0),
    minSharedDims: positiveInt('minSharedDims', options.minSharedDims ?? 1, 1),
    seeding,
    k: positiveInt('k', options.k ?? 2, 1),
    maxK: positiveInt('maxK', options.maxK ?? 10, 1),
    seedSampleSize: sample,
    maxDepth: positiveInt('maxDepth', options.maxDepth ?? 8, 1),
    overlap,
    seed,
  };
}
