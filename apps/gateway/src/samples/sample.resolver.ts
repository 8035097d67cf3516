import { Arg, Query, Resolver } from 'type-graphql';
import { Sample } from './sample.type.js';
import type { SampleService } from './sample.service.js';

@Resolver(() => Sample)
export class SampleResolver {
  constructor(private readonly service: SampleService) {}

  @Query(() => [Sample], {
    description: 'Stored sample images (the bundled demo photos and any added later).',
  })
  samples(
    @Arg('collection', () => String, { nullable: true, description: 'Only this collection, e.g. `pets`.' })
    collection?: string | null,
  ): Promise<Sample[]> {
    return this.service.list(collection);
  }
}
