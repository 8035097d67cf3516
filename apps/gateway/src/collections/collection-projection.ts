import { fitPca, silhouetteScore, transformPca } from '@clusterflow/clusterflow';
import { umap2d } from '../projection/umap-2d.js';

/** What a collection map job projects: one feature row per image, and each image's label (or null). */
export interface CollectionProjectionInput {
  data: Float32Array;
  rows: number;
  cols: number;
  method: 'UMAP' | 'PCA';
  seed: number;
  labels: (string | null)[];
}

export interface CollectionProjectionOutput {
  /** Row-major 2-D coordinates, one pair per input row. */
  xy: Float64Array;
  /** Silhouette of the labelled points in 2-D, or null with fewer than 2 labels (or too few points for it). */
  silhouette: number | null;
}

/** Projects features to 2-D (PCA, or UMAP seeded) and scores the labelled points; pure, so it runs on a worker. */
export function projectCollection(input: CollectionProjectionInput): CollectionProjectionOutput {
  const matrix = { data: input.data, rows: input.rows, cols: input.cols };
  const xy =
    input.method === 'PCA'
      ? Float64Array.from(transformPca(fitPca(matrix), matrix).data)
      : umap2d(matrix, input.seed);
  return { xy, silhouette: labelledSilhouette(xy, input.labels) };
}

/** 2-D silhouette of the labelled points: null unless 2 ≤ labels ≤ labelled points − 1. */
export function labelledSilhouette(xy: Float64Array, labels: readonly (string | null)[]): number | null {
  const rows: number[] = [];
  const names: string[] = [];
  labels.forEach((label, i) => {
    if (label !== null) {
      rows.push(i);
      names.push(label);
    }
  });
  const distinct = new Set(names).size;
  if (distinct < 2 || distinct > rows.length - 1) return null;
  const data = new Float64Array(rows.length * 2);
  rows.forEach((r, j) => {
    data[j * 2] = xy[r * 2];
    data[j * 2 + 1] = xy[r * 2 + 1];
  });
  return silhouetteScore({ data, rows: rows.length, cols: 2 }, names);
}
