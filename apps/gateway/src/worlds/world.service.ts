import type { Db } from '../db/database.js';
import { BadUserInputError } from '../errors/gateway-errors.js';
import type { ExtractorService } from '../extractor/extractor.service.js';
import type { ImageStore, PreparedImage } from '../images/image-store.js';
import type { ValidImage } from '../images/valid-image.js';
import type { JobRunner, ProgressReporter } from '../jobs/job.runner.js';
import { JobKind, type Job } from '../jobs/job.type.js';
import type { SampleService } from '../samples/sample.service.js';
import { buildWorldInWorker } from './build-world-in-worker.js';
import type { ClusterNode } from './cluster-node.type.js';
import type { WorldRepository } from './world.repository.js';
import type { WorldTrees } from './world-tree.js';
import { WorldStatus, type DeleteWorldPayload, type World, type WorldJobPayload } from './world.type.js';
import { duplicateWorldName, type ValidExample } from './world.validator.js';

/**
 * Worlds: writes of examples already validated (`WorldValidator`) in one transaction each, then a background job
 * embeds the images and builds the tree.
 */
export class WorldService {
  constructor(
    private readonly db: Db,
    private readonly repo: WorldRepository,
    private readonly images: ImageStore,
    private readonly extractor: ExtractorService,
    private readonly trees: WorldTrees,
    private readonly jobs: JobRunner,
  ) {}

  list(): World[] {
    return this.repo.list();
  }

  /** The world's clusters (empty until its tree is built). */
  clusters(world: World): ClusterNode[] {
    const treeJson = this.repo.treeJson(world.id);
    return treeJson === null ? [] : this.trees.clusters(world, treeJson);
  }

  /** Stores a new world (name and examples validated by `WorldValidator`) and queues its build. */
  async create(cleanName: string, examples: readonly ValidExample[]): Promise<WorldJobPayload> {
    const prepared = await this.prepareExamples(examples);
    const { worldId, jobId } = this.db.transaction(() => {
      // Checked again inside the transaction: two concurrent creates with one name must not both pass.
      if (this.repo.find(cleanName) !== undefined) throw duplicateWorldName(cleanName);
      const id = this.repo.insertWorld(cleanName, this.extractor.modelName, this.extractor.worldTap);
      this.insertPrepared(id, prepared);
      return { worldId: id, jobId: this.jobs.insert(JobKind.CREATE_WORLD, id, prepared.length + 1) };
    })();
    this.startBuild(worldId, jobId);
    return this.payload(worldId, jobId);
  }

  /** Adds validated examples to an idle world and queues its rebuild. */
  async addExamples(world: World, examples: readonly ValidExample[]): Promise<WorldJobPayload> {
    const prepared = await this.prepareExamples(examples);
    const jobId = this.db.transaction(() => {
      // The world may have gone while the thumbnails were made.
      if (this.repo.find(world.id) === undefined)
        throw new BadUserInputError(`World "${world.name}" was deleted meanwhile.`);
      this.repo.setStatus(world.id, WorldStatus.BUILDING);
      this.insertPrepared(world.id, prepared);
      return this.jobs.insert(JobKind.ADD_EXAMPLES, world.id, prepared.length + 1);
    })();
    this.startBuild(world.id, jobId);
    return this.payload(world.id, jobId);
  }

  /** Deletes an idle world and its examples. */
  delete(world: World): DeleteWorldPayload {
    return { id: world.id, name: world.name, deletedExamples: this.repo.delete(world.id) };
  }

  /**
   * Re-queues the build of every world left BUILDING by a stop mid-build (its job was marked INTERRUPTED):
   * examples already embedded are kept, only the rest go through the CNN. Returns the new job ids.
   */
  resumeInterrupted(): string[] {
    return this.repo
      .list()
      .filter((w) => w.status === WorldStatus.BUILDING)
      .map((w) => {
        const jobId = this.jobs.insert(JobKind.RESUME_BUILD, w.id, w.exampleCount - w.embeddedCount + 1);
        this.startBuild(w.id, jobId);
        return jobId;
      });
  }

  /** Creates the `demo` world from every stored sample (first start only). Returns the job id. */
  createDemo(samples: SampleService, name = 'demo'): string | undefined {
    if (this.repo.find(name) !== undefined) return undefined;
    const entries = samples.entries();
    const examples = entries.map((e) => ({
      imageId: this.sampleImageId(samples, e.id),
      sampleId: e.id,
      label: e.label,
    }));
    const { worldId, jobId } = this.db.transaction(() => {
      const id = this.repo.insertWorld(name, this.extractor.modelName, this.extractor.worldTap);
      this.repo.insertExamples(id, examples);
      return { worldId: id, jobId: this.jobs.insert(JobKind.CREATE_WORLD, id, examples.length + 1) };
    })();
    this.startBuild(worldId, jobId);
    return jobId;
  }

  private sampleImageId(samples: SampleService, sampleId: string): string {
    const sample = samples.image(sampleId);
    if (sample === undefined) throw new Error(`sample ${sampleId} vanished`);
    return sample.image.id;
  }

  private startBuild(worldId: string, jobId: string): void {
    this.jobs.start(
      jobId,
      (report) => this.build(worldId, report),
      () => {
        if (this.repo.find(worldId) !== undefined) this.repo.setStatus(worldId, WorldStatus.FAILED);
      },
    );
  }

  /** The job body: embed pending examples batch by batch (sharing the CNN queue with queries), then build the tree. */
  private async build(worldId: string, report: ProgressReporter): Promise<string> {
    const target = this.repo.find(worldId);
    if (target === undefined) throw new Error(`world ${worldId} vanished before its build`);
    const pending = this.repo.pendingExamples(worldId);
    const total = pending.length + 1;
    const chunk = 16;
    for (let start = 0; start < pending.length; start += chunk) {
      const part = pending.slice(start, start + chunk);
      const valid: ValidImage[] = part.map((p) => {
        const image = this.images.get(p.imageId);
        if (image === undefined) throw new Error(`image ${p.imageId} missing`);
        return image;
      });
      const rows = await this.extractor.classRows(
        valid,
        part.map((p) => `example ${p.id}`),
      );
      this.repo.storeActivations(
        rows.map((r, i) => ({
          exampleId: part[i].id,
          activation: this.extractor.vector(r, target.tap, target.name),
        })),
      );
      report(start + part.length, total, `embedded ${start + part.length} of ${pending.length} new examples`);
    }
    report(pending.length, total, 'building the ClusterFlow tree');
    const world = this.repo.find(worldId);
    if (world === undefined) throw new Error(`world ${worldId} vanished during its build`);
    const activations = this.repo.activations(world);
    // On a worker thread, which also stores the tree: building, serialising and writing it take seconds.
    const summary = await buildWorldInWorker({ table: activations, name: world.name }, this.db, worldId);
    this.repo.setStatus(worldId, WorldStatus.READY);
    return `${activations.rows} examples embedded; tree built: ${summary.nodeCount} clusters, threshold ${summary.threshold.toFixed(3)}`;
  }

  /** Thumbnails are made outside the transaction, so the insert inside it stays fast. */
  private async prepareExamples(
    examples: readonly ValidExample[],
  ): Promise<{ image: PreparedImage; sampleId: string | null; label: string }[]> {
    const out: { image: PreparedImage; sampleId: string | null; label: string }[] = [];
    for (const { image: valid, label } of examples) {
      const image = await this.images.prepare(valid.bytes, valid.format, valid.width, valid.height);
      out.push({ image, sampleId: valid.sampleId ?? null, label });
    }
    return out;
  }

  private insertPrepared(
    worldId: string,
    prepared: readonly { image: PreparedImage; sampleId: string | null; label: string }[],
  ): void {
    this.repo.insertExamples(
      worldId,
      prepared.map((p) => ({ imageId: this.images.insert(p.image), sampleId: p.sampleId, label: p.label })),
    );
  }

  private payload(worldId: string, jobId: string): WorldJobPayload {
    const world = this.repo.find(worldId);
    const job: Job | undefined = this.jobs.get(jobId);
    if (world === undefined || job === undefined)
      throw new Error('world or job vanished right after creation');
    return { world, job };
  }
}
