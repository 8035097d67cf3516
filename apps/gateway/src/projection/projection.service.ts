import { fitPca, transformPca } from '@clusterflow/clusterflow';
import type { ImageStore } from '../images/image-store.js';
import type { WorldRepository } from '../worlds/world.repository.js';
import type { World } from '../worlds/world.type.js';
import { ProjectionMethod, type Projection } from './projection.type.js';
import { umap2d } from './umap-2d.js';

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
    const xy =
      method === ProjectionMethod.PCA ? transformPca(fitPca(table), table).data : umap2d(table, seed);
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
