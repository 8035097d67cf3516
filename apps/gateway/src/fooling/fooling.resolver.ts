import { Arg, Authorized, Int, Mutation, Resolver } from 'type-graphql';
import { Job } from '../jobs/job.type.js';
import type { FoolingService } from './fooling.service.js';
import { MAX_FOOLING_STEPS, type FoolingValidator } from './fooling.validator.js';

@Resolver()
export class FoolingResolver {
  constructor(
    private readonly check: FoolingValidator,
    private readonly service: FoolingService,
  ) {}

  @Authorized()
  @Mutation(() => Job, {
    description:
      'Synthesises an image the CNN labels `targetClass` with ≥ 99 % confidence (seeded gradient ascent; needs the API key). ' +
      'Runs as a job (≈ 1 s per step on wasm); when it succeeds, `job.sampleId` is the stored image (collection `fooling`).',
  })
  synthesizeFoolingImage(
    @Arg('targetClass', () => String, {
      description: 'Class name (e.g. `tabby`) or output index as a string.',
    })
    targetClass: string,
    @Arg('seed', () => Int, {
      defaultValue: 0,
      description: 'Seed of the starting noise and jitter (same seed, same image).',
    })
    seed: number,
    @Arg('maxSteps', () => Int, {
      defaultValue: 200,
      description: `Gradient steps at most, 1–${MAX_FOOLING_STEPS}.`,
    })
    maxSteps: number,
  ): Promise<Job> {
    return this.service.start(this.check.check(targetClass, seed, maxSteps));
  }
}
