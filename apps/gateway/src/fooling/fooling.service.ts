import { registerWasmGradients, synthesizeFoolingImage } from '@clusterflow/extractors';
import type { ExtractorService } from '../extractor/extractor.service.js';
import type { ImageStore } from '../images/image-store.js';
import type { JobRunner } from '../jobs/job.runner.js';
import { JobKind, type Job } from '../jobs/job.type.js';
import type { SampleService } from '../samples/sample.service.js';
import type { FoolingRequest } from './fooling.validator.js';

/** Collection that synthesised fooling images are stored under. */
export const FOOLING_COLLECTION = 'fooling';

/**
 * Fooling-image synthesis (Nguyen et al. 2015 style gradient ascent, from @clusterflow/extractors) as a job: the
 * result is stored as a sample in collection `fooling`, labelled with the class the CNN is fooled into, so it can be
 * sent back as `ImageInput.sampleId` (e.g. to worldMembership).
 */
export class FoolingService {
  private gradientsRegistered = false;

  constructor(
    private readonly extractor: ExtractorService,
    private readonly samples: SampleService,
    private readonly images: ImageStore,
    private readonly jobs: JobRunner,
  ) {}

  /** Queues the synthesis of a request checked by `FoolingValidator`; returns its job. */
  async start({ target, seed, maxSteps }: FoolingRequest): Promise<Job> {
    const local = this.extractor.localModel;
    // FoolingValidator refuses the request when the model runs in worker processes.
    if (local === undefined) throw new Error('fooling synthesis started without an in-process model');
    const jobId = await this.jobs.insert(JobKind.SYNTHESIZE_FOOLING, null, maxSteps);
    this.jobs.start(jobId, async (report) => {
      if (!this.gradientsRegistered) {
        // Correct wasm gradient kernels (MaxPoolGrad etc.); idempotent, inference is unaffected.
        registerWasmGradients();
        this.gradientsRegistered = true;
      }
      const result = await synthesizeFoolingImage(local.model, {
        targetClass: target.index,
        seed,
        maxSteps,
        normalisation: local.normalisation,
        outputKind: local.outputKind,
        onStep: (s) =>
          report(s.step, maxSteps, `step ${s.step}: ${target.name} at ${(100 * s.confidence).toFixed(1)} %`),
      });
      const id = `fooling-${target.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-s${seed}`;
      const prepared = await this.images.prepare(result.png, 'png', result.width, result.height);
      await this.samples.add(
        id,
        target.name,
        FOOLING_COLLECTION,
        `synthesized:${this.extractor.modelName}:class ${target.index}:seed ${seed}`,
        prepared,
      );
      await this.jobs.setResultSample(jobId, id);
      const top = this.extractor.labels[result.topClass]?.name ?? String(result.topClass);
      return `${id}: the CNN says ${top} at ${(100 * result.confidence).toFixed(2)} % (target ${target.name}) after ${result.steps} steps${result.converged ? '' : ', not converged'}`;
    });
    const job = await this.jobs.get(jobId);
    if (job === undefined) throw new Error('job vanished right after creation');
    return job;
  }
}
