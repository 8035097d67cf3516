import { BadUserInputError } from '../errors/gateway-errors.js';
import type { ExtractorService } from '../extractor/extractor.service.js';
import type { ValidImage } from '../images/valid-image.js';
import type { JobRunner, ProgressReporter } from '../jobs/job.runner.js';
import { Job, JobKind } from '../jobs/job.type.js';
import { now } from '../db/database.js';
import { ProjectionMethod } from '../projection/projection.type.js';
import type { CollectionRepository, CollectionRow } from './collection.repository.js';
import { projectInWorker } from './project-in-worker.js';

/** Images sent to the extractor per batch (shares the CNN queue with queries as background work). */
const EXTRACT_CHUNK = 16;

export interface CollectionMapOptions {
  method: ProjectionMethod;
  /** CNN name (must be the gateway's model). */
  model: string;
  /** Tap: `classSpace` or the gateway's world tap. */
  tap: string;
  seed: number;
}

/**
 * The MAP_COLLECTION job: extract features for images that have none for (model, tap) through the extractor
 * service, store them, project everything to 2-D on a worker thread, store the coordinates and the map's facts.
 */
export class CollectionMapJob {
  constructor(
    private readonly repo: CollectionRepository,
    private readonly extractor: ExtractorService,
    private readonly jobs: JobRunner,
  ) {}

  /** Validated defaults: the gateway's model and its world tap. */
  options(model: string | null | undefined, tap: string | null | undefined): { model: string; tap: string } {
    const chosenModel = model ?? this.extractor.modelName;
    if (chosenModel !== this.extractor.modelName) {
      throw new BadUserInputError(
        `model "${chosenModel.slice(0, 80)}" is not loaded; this gateway extracts with ${this.extractor.modelName}.`,
        { argument: 'model' },
      );
    }
    const taps = [...new Set([this.extractor.worldTap, 'classSpace'])];
    const chosenTap = tap ?? this.extractor.worldTap;
    if (!taps.includes(chosenTap)) {
      throw new BadUserInputError(
        `tap "${chosenTap.slice(0, 80)}" is not extracted here; allowed: ${taps.join(', ')}.`,
        {
          argument: 'tap',
        },
      );
    }
    return { model: chosenModel, tap: chosenTap };
  }

  async start(collection: CollectionRow, options: CollectionMapOptions): Promise<Job> {
    const count = await this.repo.imageCount(collection.id);
    const min = options.method === ProjectionMethod.UMAP ? 4 : 2;
    if (count < min) {
      throw new BadUserInputError(
        `The collection has ${count} images; a ${options.method} map needs at least ${min}.`,
        { argument: 'collectionId', count, min },
      );
    }
    const key = `${options.model}/${options.tap}`;
    const pending = await this.repo.pendingFeatures(collection.id, key);
    const jobId = await this.jobs.insert(JobKind.MAP_COLLECTION, null, pending.length + 1);
    await this.repo.setLastJob(collection.id, jobId);
    this.jobs.start(jobId, (report) => this.run(collection.id, options, report));
    const job = await this.jobs.get(jobId);
    if (job === undefined) throw new Error(`job ${jobId} vanished after insert`);
    return job;
  }

  private async run(
    collectionId: string,
    options: CollectionMapOptions,
    report: ProgressReporter,
  ): Promise<string> {
    const key = `${options.model}/${options.tap}`;
    const pending = await this.repo.pendingFeatures(collectionId, key);
    const total = pending.length + 1;
    report(0, total, `extracting features of ${pending.length} images`);
    for (let start = 0; start < pending.length; start += EXTRACT_CHUNK) {
      const part = pending.slice(start, start + EXTRACT_CHUNK);
      const valid: ValidImage[] = [];
      for (const id of part) {
        const image = await this.repo.decodable(collectionId, id);
        if (image === undefined) throw new Error(`collection image ${id} vanished during the map job`);
        valid.push(image);
      }
      const rows = await this.extractor.classRows(valid, part);
      await this.repo.storeFeatures(
        collectionId,
        key,
        rows.map((r, i) => ({
          imageId: part[i],
          features: this.extractor.vector(r, options.tap, collectionId),
        })),
      );
      report(start + part.length, total, `extracted ${start + part.length} of ${pending.length} images`);
    }
    report(pending.length, total, `projecting with ${options.method}`);
    const features = await this.repo.features(collectionId, key);
    const { ids, labels } = features;
    const out = await projectInWorker({
      data: features.data,
      rows: features.rows,
      cols: features.cols,
      method: options.method,
      seed: options.seed,
      labels,
    });
    await this.repo.storeMap(collectionId, ids, out.xy, {
      method: options.method,
      model: options.model,
      tap: options.tap,
      head: null,
      silhouette: out.silhouette,
      silhouetteBefore: null,
      createdAt: now(),
    });
    return `${ids.length} images mapped with ${options.method} on ${key}`;
  }
}
