import { Arg, Authorized, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ClusterNode } from './cluster-node.type.js';
import { LabeledImageInput } from '../images/image.input.js';
import { DeleteWorldPayload, World, WorldJobPayload } from './world.type.js';
import type { WorldService } from './world.service.js';

@Resolver(() => World)
export class WorldResolver {
  constructor(private readonly service: WorldService) {}

  @Query(() => [World], { description: 'Every world, oldest first.' })
  worlds(): World[] {
    return this.service.list();
  }

  @Query(() => World, { description: 'One world by id or name: counts, labels and tree summary.' })
  world(@Arg('id', () => ID, { description: 'World id or name.' }) id: string): World {
    return this.service.require(id, 'id');
  }

  @FieldResolver(() => [ClusterNode], {
    description: 'Every cluster of the tree, parents before children (empty while the tree is not built).',
  })
  clusters(@Root() world: World): ClusterNode[] {
    return this.service.clusters(world);
  }

  @Authorized()
  @Mutation(() => WorldJobPayload, {
    description:
      'Creates a world from labelled images (needs the API key). Embedding runs as a job: poll job(id).',
  })
  createWorld(
    @Arg('name', () => String, { description: 'Unique name, 1–100 characters.' }) name: string,
    @Arg('examples', () => [LabeledImageInput], {
      description: 'Labelled example images (1 to the configured maximum).',
    })
    examples: LabeledImageInput[],
  ): Promise<WorldJobPayload> {
    return this.service.create(name, examples);
  }

  @Authorized()
  @Mutation(() => WorldJobPayload, {
    description: 'Adds labelled examples to a world and rebuilds it (needs the API key).',
  })
  addExamples(
    @Arg('world', () => ID, { description: 'World id or name.' }) world: string,
    @Arg('examples', () => [LabeledImageInput], { description: 'Labelled example images to add.' })
    examples: LabeledImageInput[],
  ): Promise<WorldJobPayload> {
    return this.service.addExamples(world, examples);
  }

  @Authorized()
  @Mutation(() => DeleteWorldPayload, {
    description: 'Deletes a world and its examples (needs the API key).',
  })
  deleteWorld(
    @Arg('world', () => ID, { description: 'World id or name.' }) world: string,
  ): DeleteWorldPayload {
    return this.service.delete(world);
  }
}
