import type { Db } from '../db/database.js';
import { isUniqueViolation } from '../db/unique-violation.js';
import { BadUserInputError, ServiceUnavailableError } from '../errors/gateway-errors.js';
import type { ExtractorService } from '../extractor/extractor.service.js';
import type { ImageStore, PreparedImage } from '../images/image-store.js';
import type { JobRunner } from '../jobs/job.runner.js';
import { JobKind, type Job } from '../jobs/job.type.js';
import type { WorldEventPublisher } from '../pubsub/world-events.js';
import type { SampleService } from '../samples/sample.service.js';
import type { ClusterNode } from './cluster-node.type.js';
import type { QueuedBuilds } from './queued-builds.js';
import { WorldBuilder } from './world-builder.js';
import type { NewExample, WorldRepository } from './world.repository.js';
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
    /** Set (CLUSTERFLOW_REDIS_URL): builds go to the queue instead of running in this process. */
    private readonly queue?: QueuedBuilds,
    /** Set (CLUSTERFLOW_REDIS_URL): every write is announced so other replicas drop their cached copies. */
    private readonly events?: WorldEventPublisher,
  ) {
    this.builder = new WorldBuilder(db, repo, images, extractor);
  }

  private readonly builder: WorldBuilder;

  list(): Promise<World[]> {
    return this.repo.list();
  }

  /** The world's clusters (empty until its tree is built). */
  async clusters(world: World): Promise<ClusterNode[]> {
    const treeJson = await this.repo.treeJson(world.id);
    return treeJson === null ? [] : this.trees.clusters(world, treeJson);
  }

  /** Stores a new world (name and examples validated by `WorldValidator`) and queues its build. */
  async create(cleanName: string, examples: readonly ValidExample[]): Promise<WorldJobPayload> {
    const prepared = await this.prepareExamples(examples);
    const { worldId, jobId } = await this.db
      .transaction(async () => {
        // Checked again inside the transaction: two concurrent creates with one name must not both pass.
        if ((await this.repo.find(cleanName)) !== undefined) throw duplicateWorldName(cleanName);
        const id = await this.repo.insertWorld(cleanName, this.extractor.modelName, this.extractor.worldTap);
        await this.insertPrepared(id, prepared);
        return { worldId: id, jobId: await this.jobs.insert(JobKind.CREATE_WORLD, id, prepared.length + 1) };
      })
      .catch((error: unknown) => {
        // PostgreSQL: a create on another gateway committed the name between our check and our insert.
        throw isUniqueViolation(error) ? duplicateWorldName(cleanName) : error;
      });
    await this.events?.publish(worldId, 'created');
    await this.startBuild(worldId, jobId);
    return this.payload(worldId, jobId);
  }

  /** Adds validated examples to an idle world and queues its rebuild. */
  async addExamples(world: World, examples: readonly ValidExample[]): Promise<WorldJobPayload> {
    const prepared = await this.prepareExamples(examples);
    const jobId = await this.db.transaction(async () => {
      // The world may have gone while the thumbnails were made.
      if ((await this.repo.find(world.id)) === undefined)
        throw new BadUserInputError(`World "${world.name}" was deleted meanwhile.`);
      await this.repo.setStatus(world.id, WorldStatus.BUILDING);
      await this.insertPrepared(world.id, prepared);
      return this.jobs.insert(JobKind.ADD_EXAMPLES, world.id, prepared.length + 1);
    });
    await this.events?.publish(world.id, 'examples-added');
    await this.startBuild(world.id, jobId);
    return this.payload(world.id, jobId);
  }

  /** Deletes an idle world and its examples. */
  async delete(world: World): Promise<DeleteWorldPayload> {
    const deletedExamples = await this.repo.delete(world.id);
    await this.events?.publish(world.id, 'deleted');
    return { id: world.id, name: world.name, deletedExamples };
  }

  /**
   * Re-queues the build of every world left BUILDING by a stop mid-build (its job was marked INTERRUPTED):
   * examples already embedded are kept, only the rest go through the CNN. Returns the new job ids.
   */
  async resumeInterrupted(): Promise<string[]> {
    const jobIds: string[] = [];
    for (const w of await this.repo.list()) {
      if (w.status !== WorldStatus.BUILDING) continue;
      const jobId = await this.jobs.insert(JobKind.RESUME_BUILD, w.id, w.exampleCount - w.embeddedCount + 1);
      await this.startBuild(w.id, jobId);
      jobIds.push(jobId);
    }
    return jobIds;
  }

  /** Creates the `demo` world from every stored sample (first start only). Returns the job id. */
  async createDemo(samples: SampleService, name = 'demo'): Promise<string | undefined> {
    if ((await this.repo.find(name)) !== undefined) return undefined;
    const examples: NewExample[] = [];
    for (const e of await samples.entries()) {
      examples.push({ imageId: await this.sampleImageId(samples, e.id), sampleId: e.id, label: e.label });
    }
    const { worldId, jobId } = await this.db.transaction(async () => {
      const id = await this.repo.insertWorld(name, this.extractor.modelName, this.extractor.worldTap);
      await this.repo.insertExamples(id, examples);
      return { worldId: id, jobId: await this.jobs.insert(JobKind.CREATE_WORLD, id, examples.length + 1) };
    });
    await this.startBuild(worldId, jobId);
    return jobId;
  }

  private async sampleImageId(samples: SampleService, sampleId: string): Promise<string> {
    const sample = await samples.image(sampleId);
    if (sample === undefined) throw new Error(`sample ${sampleId} vanished`);
    return sample.image.id;
  }

  private async startBuild(worldId: string, jobId: string): Promise<void> {
    // Multi-machine mode: a clusterflow-worker process pulls the build from the queue.
    if (this.queue !== undefined) {
      try {
        await this.queue.enqueue(jobId, worldId);
      } catch (error) {
        // Nothing will run it: say so in the job and the world instead of leaving them QUEUED / BUILDING.
        const unavailable = new ServiceUnavailableError(
          `The build queue (CLUSTERFLOW_REDIS_URL) did not take the build: ${error instanceof Error ? error.message : String(error)}. The world is marked FAILED; addExamples or a new createWorld retries.`,
          5,
        );
        await this.jobs.markFailed(jobId, unavailable);
        await this.repo.setStatus(worldId, WorldStatus.FAILED);
        throw unavailable;
      }
      return;
    }
    this.jobs.start(
      jobId,
      (report) => this.builder.build(worldId, report),
      async () => {
        if ((await this.repo.find(worldId)) !== undefined)
          await this.repo.setStatus(worldId, WorldStatus.FAILED);
      },
    );
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

  private async insertPrepared(
    worldId: string,
    prepared: readonly { image: PreparedImage; sampleId: string | null; label: string }[],
  ): Promise<void> {
    const examples: NewExample[] = [];
    for (const p of prepared) {
      examples.push({ imageId: await this.images.insert(p.image), sampleId: p.sampleId, label: p.label });
    }
    await this.repo.insertExamples(worldId, examples);
  }

  private async payload(worldId: string, jobId: string): Promise<WorldJobPayload> {
    const world = await this.repo.find(worldId);
    const job: Job | undefined = await this.jobs.get(jobId);
    if (world === undefined || job === undefined)
      throw new Error('world or job vanished right after creation');
    return { world, job };
  }
}
