import type { Db } from '../db/database.js';
import type { ExtractorService } from '../extractor/extractor.service.js';
import type { ImageStore } from '../images/image-store.js';
import type { ValidImage } from '../images/valid-image.js';
import type { ProgressReporter } from '../jobs/job.runner.js';
import { buildWorldInWorker } from './build-world-in-worker.js';
import type { WorldRepository } from './world.repository.js';
import { WorldStatus } from './world.type.js';

/**
 * A world's build, wherever it runs: in the gateway (a `JobRunner` job) or in a `clusterflow-worker` process that
 * pulled it from the queue.
 */
export class WorldBuilder {
  constructor(
    private readonly db: Db,
    private readonly repo: WorldRepository,
    private readonly images: ImageStore,
    private readonly extractor: ExtractorService,
  ) {}

  /**
   * The job body: embed pending examples batch by batch (sharing the CNN queue with queries), then build the tree
   * and mark the world READY. Safe to run again after a crash: only examples without activations are embedded, and
   * the tree is rebuilt from what is stored.
   */
  async build(worldId: string, report: ProgressReporter): Promise<string> {
    const target = await this.repo.find(worldId);
    if (target === undefined) throw new Error(`world ${worldId} vanished before its build`);
    const pending = await this.repo.pendingExamples(worldId);
    const total = pending.length + 1;
    const chunk = 16;
    for (let start = 0; start < pending.length; start += chunk) {
      const part = pending.slice(start, start + chunk);
      const valid: ValidImage[] = [];
      for (const p of part) {
        const image = await this.images.get(p.imageId);
        if (image === undefined) throw new Error(`image ${p.imageId} missing`);
        valid.push(image);
      }
      const rows = await this.extractor.classRows(
        valid,
        part.map((p) => `example ${p.id}`),
      );
      await this.repo.storeActivations(
        rows.map((r, i) => ({
          exampleId: part[i].id,
          activation: this.extractor.vector(r, target.tap, target.name),
        })),
      );
      report(start + part.length, total, `embedded ${start + part.length} of ${pending.length} new examples`);
    }
    report(pending.length, total, 'building the ClusterFlow tree');
    const world = await this.repo.find(worldId);
    if (world === undefined) throw new Error(`world ${worldId} vanished during its build`);
    const activations = await this.repo.activations(world);
    // On a worker thread, which also stores the tree: building, serialising and writing it take seconds.
    const summary = await buildWorldInWorker({ table: activations, name: world.name }, this.db, worldId);
    await this.repo.setStatus(worldId, WorldStatus.READY);
    return `${activations.rows} examples embedded; tree built: ${summary.nodeCount} clusters, threshold ${summary.threshold.toFixed(3)}`;
  }
}
