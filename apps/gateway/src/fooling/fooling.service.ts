import { registerWasmGradients, synthesizeFoolingImage } from '@clusterflow/extractors';
import { BadUserInputError, ServiceUnavailableError } from '../errors/gateway-errors.js';
import type { ExtractorService } from '../extractor/extractor.service.js';
import type { ImageStore } from '../images/image-store.js';
import { clip } from '../images/image.validator.js';
import type { JobRunner } from '../jobs/job.runner.js';
import { JobKind, type Job } from '../jobs/job.type.js';
import type { SampleService } from '../samples/sample.service.js';

/** Collection that synthesised fooling images are stored under. */
export const FOOLING_COLLECTION = 'fooling';
export const MAX_FOOLING_STEPS = 500;

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

  start(targetClass: string, seed: number, maxSteps: number): Job {
    const local = this.extractor.localModel;
    if (local === undefined) {
      throw new ServiceUnavailableError(
        'Fooling-image synthesis needs the CNN in the gateway process; it is off with CLUSTERFLOW_WORKERS > 0.',
      );
    }
    const target = this.resolveClass(targetClass);
    if (!Number.isInteger(seed) || seed < 0) {
      throw new BadUserInputError(`seed is ${seed}; allowed: an integer ≥ 0.`, { argument: 'seed' });
    }
    if (!Number.isInteger(maxSteps) || maxSteps < 1 || maxSteps > MAX_FOOLING_STEPS) {
      throw new BadUserInputError(`maxSteps is ${maxSteps}; allowed: 1 to ${MAX_FOOLING_STEPS}.`, {
        argument: 'maxSteps',
      });
    }
    const jobId = this.jobs.insert(JobKind.SYNTHESIZE_FOOLING, null, maxSteps);
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
      this.samples.add(
        id,
        target.name,
        FOOLING_COLLECTION,
        `synthesized:${this.extractor.modelName}:class ${target.index}:seed ${seed}`,
        prepared,
      );
      this.jobs.setResultSample(jobId, id);
      const top = this.extractor.labels[result.topClass]?.name ?? String(result.topClass);
      return `${id}: the CNN says ${top} at ${(100 * result.confidence).toFixed(2)} % (target ${target.name}) after ${result.steps} steps${result.converged ? '' : ', not converged'}`;
    });
    const job = this.jobs.get(jobId);
    if (job === undefined) throw new Error('job vanished right after creation');
    return job;
  }

  /** A class name (case-insensitive, `_` = space) or an output index given as a string. */
  private resolveClass(text: string): { index: number; name: string } {
    const labels = this.extractor.labels;
    const wanted = text.trim().toLowerCase().replace(/_/g, ' ');
    if (/^\d+$/.test(wanted)) {
      const index = Number(wanted);
      if (index < labels.length) return { index, name: labels[index].name };
    } else {
      const hit = labels.find((l) => l.name.toLowerCase() === wanted);
      if (hit !== undefined) return { index: hit.index, name: hit.name };
    }
    throw new BadUserInputError(
      `targetClass "${clip(text)}" is not a class of ${this.extractor.modelName}; give a class name (e.g. "tabby", "wine bottle") or an index 0–${labels.length - 1}.`,
      { argument: 'targetClass' },
    );
  }
}
