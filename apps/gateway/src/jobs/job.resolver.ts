import { Arg, ID, Query, Resolver } from 'type-graphql';
import { BadUserInputError } from '../errors/gateway-errors.js';
import { clip } from '../errors/clip.js';
import type { JobRunner } from './job.runner.js';
import { Job } from './job.type.js';

@Resolver(() => Job)
export class JobResolver {
  constructor(private readonly jobs: JobRunner) {}

  @Query(() => Job, { description: 'A background job by id (returned by createWorld / addExamples).' })
  async job(@Arg('id', () => ID, { description: 'The job id.' }) id: string): Promise<Job> {
    const job = await this.jobs.get(id);
    if (job === undefined) {
      throw new BadUserInputError(
        `No job with id "${clip(id)}"; job ids are returned by createWorld and addExamples.`,
        {
          argument: 'id',
        },
      );
    }
    return job;
  }
}
