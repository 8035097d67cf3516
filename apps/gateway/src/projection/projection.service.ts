import { createRng } from '@clusterflow/clusterflow';
import { UMAP } from 'umap-js';
import { BadUserInputError } from '../errors/gateway-errors.js';
import type { ImageStore } from '../images/image-store.js';
import type { WorldRepository } from '../worlds/world.repository.js';
import type { World } from '../worlds/world.type.js';
import { pca2d } from './pca.js';
import { ProjectionMethod, type Projection } from './projection.type.js';

/** Fewest embedded examples a map can be drawn from (UMAP needs a neighbourhood). */
export const MIN_PROJECTION_POINTS = 3;

/** 2-D maps of worlds, cached per (world, last change, method, seed) since maps are pure functions of those. */
export class ProjectionService {
  private readonly cache = new Map<string, Projection>();

  constructor(
    private readonly repo: WorldRepository,
    private readonly images: ImageStore,
    private readonly maxPoints: number,
  ) {}

  project(world: World, method: ProjectionMethod, seed: number): Projection {
    const key = `${world.id}|${world.updatedAt}|${method}|${seed}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const act = this.repo.activations(world.id);
    if (act.rows < MIN_PROJECTION_POINTS) {
      throw new BadUserInputError(
        `World "${world.name}" has ${act.rows} embedded examples; a projection needs at least ${MIN_PROJECTION_POINTS}.`,
        { argument: 'world' },
      );
    }
    if (act.rows > this.maxPoints) {
      throw new BadUserInputError(
        `World "${world.name}" has ${act.rows} embedded examples; projections are limited to ${this.maxPoints}.`,
        { argument: 'world' },
      );
    }
    const xy =
      method === ProjectionMethod.PCA
        ? pca2d(act.data, act.rows, act.cols).points
        : umap(act.data, act.rows, act.cols, seed);
    const projection: Projection = {
      worldId: world.id,
      method,
      dimensions: act.cols,
      seed,
      points: act.exampleIds.map((exampleId, i) => ({
        exampleId,
        label: act.labels[i],
        x: xy[i * 2],
        y: xy[i * 2 + 1],
        sampleId: act.sampleIds[i],
        thumbnail: this.images.thumbnailDataUrl(act.imageIds[i]) ?? '',
      })),
    };
    if (this.cache.size > 32) this.cache.clear();
    this.cache.set(key, projection);
    return projection;
  }
}

function umap(data: Float32Array, rows: number, cols: number, seed: number): Float64Array {
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
