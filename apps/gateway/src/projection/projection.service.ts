import { createRng, fitPca, transformPca, type PointMatrix } from '@clusterflow/clusterflow';
import { UMAP } from 'umap-js';
import type { ImageStore } from '../images/image-store.js';
import type { WorldRepository } from '../worlds/world.repository.js';
import type { World } from '../worlds/world.type.js';
import { ProjectionMethod, type Projection } from './projection.type.js';

/**
 * 2-D maps of worlds (PCA from @clusterflow/clusterflow, UMAP from umap-js), cached per (world, last change,
 * method, seed) since maps are pure functions of those. The world's size is checked by `ProjectionValidator`.
 */
export class ProjectionService {
  private readonly cache = new Map<string, Projection>();

  constructor(
    private readonly repo: WorldRepository,
    private readonly images: ImageStore,
  ) {}

  async project(world: World, method: ProjectionMethod, seed: number): Promise<Projection> {
    const key = `${world.id}|${world.updatedAt}|${method}|${seed}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const table = await this.repo.activations(world);
    const thumbnails: string[] = [];
    for (const file of table.files) thumbnails.push((await this.images.thumbnailDataUrl(file)) ?? '');
    const xy = method === ProjectionMethod.PCA ? transformPca(fitPca(table), table).data : umap(table, seed);
    const projection: Projection = {
      worldId: world.id,
      method,
      dimensions: table.cols,
      seed,
      points: table.ids.map((id, i) => ({
        exampleId: Number(id),
        label: table.labelSets[i][0],
        x: xy[i * 2],
        y: xy[i * 2 + 1],
        sampleId: table.sampleIds[i],
        thumbnail: thumbnails[i],
      })),
    };
    if (this.cache.size > 32) this.cache.clear();
    this.cache.set(key, projection);
    return projection;
  }

  /** Drops the world's cached maps (a write on this or another replica: `WorldEvents`). */
  forget(worldId: string): void {
    for (const k of this.cache.keys()) if (k.startsWith(`${worldId}|`)) this.cache.delete(k);
  }
}

function umap({ data, rows, cols }: PointMatrix, seed: number): Float64Array {
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
