import { createRng, type PointMatrix } from '@clusterflow/clusterflow';
import { UMAP } from 'umap-js';

/**
 * 2-D UMAP (umap-js) of `rows` points, seeded through @clusterflow/clusterflow's RNG: the same seed gives the same
 * map. Row-major `[x0, y0, x1, y1, …]`. Used by world projections and collection maps.
 */
export function umap2d({ data, rows, cols }: PointMatrix, seed: number): Float64Array {
  const rng = createRng(seed);
  const model = new UMAP({
    nComponents: 2,
    nNeighbors: Math.min(15, rows - 1),
    minDist: 0.1,
    random: () => rng.next(),
  });
  const input: number[][] = [];
  for (let r = 0; r < rows; r++) input.push(Array.from(data.subarray(r * cols, (r + 1) * cols)));
  const out = model.fit(input);
  const points = new Float64Array(rows * 2);
  out.forEach((p, i) => {
    points[i * 2] = p[0];
    points[i * 2 + 1] = p[1];
  });
  return points;
}
