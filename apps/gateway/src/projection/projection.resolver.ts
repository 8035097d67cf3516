import { Arg, ID, Int, Query, Resolver } from 'type-graphql';
import { Projection, ProjectionMethod } from './projection.type.js';
import type { ProjectionService } from './projection.service.js';
import type { ProjectionValidator } from './projection.validator.js';

@Resolver(() => Projection)
export class ProjectionResolver {
  constructor(
    private readonly check: ProjectionValidator,
    private readonly projections: ProjectionService,
  ) {}

  @Query(() => Projection, {
    description: "2-D map of a world's examples (class space) with labels and thumbnails.",
  })
  async projection(
    @Arg('world', () => ID, { description: 'World id or name.' }) world: string,
    @Arg('method', () => ProjectionMethod, {
      defaultValue: ProjectionMethod.PCA,
      description: 'PCA (default) or UMAP.',
    })
    method: ProjectionMethod,
    @Arg('seed', () => Int, { defaultValue: 42, description: 'Seed for UMAP (ignored by PCA).' })
    seed: number,
  ): Promise<Projection> {
    return this.projections.project(await this.check.world(world), method, seed);
  }
}
