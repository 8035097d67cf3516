import type { GatewayLimits } from '../config/gateway-config.js';
import type { Db } from '../db/database.js';
import { BadUserInputError } from '../errors/gateway-errors.js';
import type { ExtractorService } from '../extractor/extractor.service.js';
import type { LabeledImageInput } from '../images/image.input.js';
import type { ImageStore, PreparedImage } from '../images/image-store.js';
import { clip, type ImageValidator, type ValidImage } from '../images/image.validator.js';
import { buildWorldInWorker } from '../jobs/build-world-in-worker.js';
import type { JobRunner, ProgressReporter } from '../jobs/job.runner.js';
import { JobKind, type Job } from '../jobs/job.type.js';
import type { ReasoningService } from '../reasoning/reasoning.service.js';
import type { SampleService } from '../samples/sample.service.js';
import type { ClusterNode } from './cluster-node.type.js';
import { LABEL_MAX, NAME_MAX } from './world.input.js';
import type { WorldRepository } from './world.repository.js';
import { WorldStatus, type DeleteWorldPayload, type World, type WorldJobPayload } from './world.type.js';

/** Worlds: validated writes in one transaction each, then a background job embeds the images and builds the tree. */
export class WorldService {
  constructor(
    private readonly db: Db,
    private readonly repo: WorldRepository,
    private readonly images: ImageStore,
    private readonly validator: ImageValidator,
    private readonly extractor: ExtractorService,
    private readonly reasoning: ReasoningService,
    private readonly jobs: JobRunner,
    private readonly limits: GatewayLimits,
  ) {}

  list(): World[] {
    return this.repo.list();
  }

  /** The world named by id or name; BAD_USER_INPUT listing the known names otherwise. */
  require(idOrName: string, argument = 'world'): World {
    const world = this.repo.find(idOrName);
    if (world === undefined) {
      const names = this.repo.names();
      throw new BadUserInputError(
        `${argument} "${clip(idOrName)}" is not a known world id or name; known worlds: ${names.length === 0 ? '(none)' : names.map((n) => `"${n}"`).join(', ')}.`,
        { argument },
      );
    }
    return world;
  }

  /** A world that has finished building (queries on it need its activations). */
  requireReady(idOrName: string, argument = 'world'): World {
    const world = this.require(idOrName, argument);
    if (world.status !== WorldStatus.READY) {
      throw new BadUserInputError(
        `World "${world.name}" is ${world.status}; it can answer once its build job has succeeded (status READY).`,
        { argument },
      );
    }
    return world;
  }

  /** A READY world with its fitted tree (what membership and relations read). */
  requireTree(idOrName: string, argument = 'world'): { world: World; treeJson: string } {
    const world = this.requireReady(idOrName, argument);
    const treeJson = this.repo.treeJson(world.id);
    if (treeJson === null) {
      throw new BadUserInputError(
        `World "${world.name}" has no ClusterFlow tree (${world.treeNote ?? 'not built'}); addExamples rebuilds it.`,
        { argument },
      );
    }
    return { world, treeJson };
  }

  /** The world's clusters (empty until its tree is built). */
  clusters(world: World): ClusterNode[] {
    const treeJson = this.repo.treeJson(world.id);
    return treeJson === null ? [] : this.reasoning.clusters(world, treeJson);
  }

  async create(name: string, examples: readonly LabeledImageInput[]): Promise<WorldJobPayload> {
    const cleanName = this.checkName(name);
    checkNewWorldShape(examples);
    const prepared = await this.prepareExamples(examples);
    const { worldId, jobId } = this.db.transaction(() => {
      // Checked again inside the transaction: two concurrent creates with one name must not both pass.
      if (this.repo.find(cleanName) !== undefined) throw duplicate(cleanName);
      const id = this.repo.insertWorld(cleanName, this.extractor.modelName, this.extractor.worldTap);
      this.insertPrepared(id, prepared);
      return { worldId: id, jobId: this.jobs.insert(JobKind.CREATE_WORLD, id, prepared.length + 1) };
    })();
    this.startBuild(worldId, jobId);
    return this.payload(worldId, jobId);
  }

  async addExamples(idOrName: string, examples: readonly LabeledImageInput[]): Promise<WorldJobPayload> {
    const world = this.require(idOrName);
    this.checkNotBuilding(world, 'add examples to');
    const prepared = await this.prepareExamples(examples);
    const jobId = this.db.transaction(() => {
      if (this.repo.find(world.id) === undefined)
        throw new BadUserInputError(`World "${world.name}" was deleted meanwhile.`);
      this.repo.setStatus(world.id, WorldStatus.BUILDING);
      this.insertPrepared(world.id, prepared);
      return this.jobs.insert(JobKind.ADD_EXAMPLES, world.id, prepared.length + 1);
    })();
    this.startBuild(world.id, jobId);
    return this.payload(world.id, jobId);
  }

  delete(idOrName: string): DeleteWorldPayload {
    const world = this.require(idOrName);
    this.checkNotBuilding(world, 'delete');
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
    const activations = this.repo.activations(worldId);
    const world = this.repo.find(worldId);
    if (world === undefined) throw new Error(`world ${worldId} vanished during its build`);
    // On a worker thread, which also stores the tree: building, serialising and writing it take seconds.
    const summary = await buildWorldInWorker(
      { ...activations, name: world.name, model: world.model, tap: world.tap },
      this.db,
      worldId,
    );
    this.repo.setStatus(worldId, WorldStatus.READY);
    return `${activations.rows} examples embedded; tree built: ${summary.nodeCount} clusters, threshold ${summary.threshold.toFixed(3)}`;
  }

  private checkName(name: string): string {
    const clean = name.trim();
    if (clean.length === 0 || clean.length > NAME_MAX) {
      throw new BadUserInputError(
        `name has ${clean.length} characters after trimming; allowed: 1 to ${NAME_MAX}.`,
        {
          argument: 'name',
        },
      );
    }
    if (/^[wj]_/.test(clean)) {
      throw new BadUserInputError('name must not start with "w_" or "j_" (reserved for ids).', {
        argument: 'name',
      });
    }
    if (this.repo.find(clean) !== undefined) throw duplicate(clean);
    return clean;
  }

  private checkNotBuilding(world: World, action: string): void {
    const active = this.jobs.activeForWorld(world.id);
    if (active !== undefined) {
      throw new BadUserInputError(
        `Cannot ${action} world "${world.name}" while its build job ${active} is running; poll job(id) until it finishes.`,
        { argument: 'world', jobId: active },
      );
    }
  }

  private async prepareExamples(
    examples: readonly LabeledImageInput[],
  ): Promise<{ image: PreparedImage; sampleId: string | null; label: string }[]> {
    const max = this.limits.maxExamplesPerRequest;
    if (examples.length < 1 || examples.length > max) {
      throw new BadUserInputError(
        `examples has ${examples.length} entries; allowed: 1 to ${max} per request.`,
        {
          argument: 'examples',
        },
      );
    }
    const out: { image: PreparedImage; sampleId: string | null; label: string }[] = [];
    for (let i = 0; i < examples.length; i++) {
      const label = (examples[i].label ?? '').trim();
      if (label.length === 0 || label.length > LABEL_MAX) {
        throw new BadUserInputError(
          `examples[${i}].label has ${label.length} characters after trimming; allowed: 1 to ${LABEL_MAX}.`,
          { argument: `examples[${i}].label` },
        );
      }
      const valid = await this.validator.validate(examples[i].image, `examples[${i}].image`);
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

/**
 * A new world must be calibratable: @clusterflow/reasoning's 5-fold calibration needs ≥ 2 examples per fold, and
 * its "same kind" distance threshold needs pairs with and without a shared label. Checked before anything is stored.
 */
export const MIN_WORLD_EXAMPLES = 10;

function checkNewWorldShape(examples: readonly LabeledImageInput[]): void {
  if (examples.length < MIN_WORLD_EXAMPLES) {
    throw new BadUserInputError(
      `examples has ${examples.length} entries; a new world needs at least ${MIN_WORLD_EXAMPLES} (5-fold calibration, 2 per fold).`,
      { argument: 'examples' },
    );
  }
  const counts = new Map<string, number>();
  for (const e of examples) counts.set((e.label ?? '').trim(), (counts.get((e.label ?? '').trim()) ?? 0) + 1);
  if (counts.size < 2 || ![...counts.values()].some((n) => n >= 2)) {
    throw new BadUserInputError(
      `examples carry ${counts.size} distinct label(s); a new world needs at least 2 labels and one label with 2 or more examples.`,
      { argument: 'examples' },
    );
  }
}

function duplicate(name: string): BadUserInputError {
  return new BadUserInputError(
    `A world named "${clip(name)}" already exists; pick another name or deleteWorld it first.`,
    {
      argument: 'name',
    },
  );
}
