import { Arg, Authorized, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ClusterNode } from './cluster-node.type.js';
import { LabeledImageInput } from '../images/image.input.js';
import { DeleteWorldPayload, World, WorldJobPayload } from './world.type.js';
import type { WorldService } from './world.service.js';
import type { WorldValidator } from './world.validator.js';

@Resolver(() => World)
export class WorldResolver {
  constructor(
    private readonly check: WorldValidator,
    private readonly service: WorldService,
  ) {}

  @Query(() => [World], { description: 'Every world, oldest first.' })
  worlds(): Promise<World[]> {
    return this.service.list();
  }

  @Query(() => World, { description: 'One world by id or name: counts, labels and tree summary.' })
  world(@Arg('id', () => ID, { description: 'World id or name.' }) id: string): Promise<World> {
    return this.check.world(id, 'id');
  }

  @FieldResolver(() => [ClusterNode], {
    description: 'Every cluster of the tree, parents before children (empty while the tree is not built).',
  })
  clusters(@Root() world: World): Promise<ClusterNode[]> {
    return this.service.clusters(world);
  }

  @Authorized()
  @Mutation(() => WorldJobPayload, {
    description:
      'Creates a world from labelled images (needs the API key). Embedding runs as a job: poll job(id).',
  })
  async createWorld(
    @Arg('name', () => String, { description: 'Unique name, 1–100 characters.' }) name: string,
    @Arg('examples', () => [LabeledImageInput], {
      description: 'Labelled example images (1 to the configured maximum).',
    })
    examples: LabeledImageInput[],
  ): Promise<WorldJobPayload> {
    const cleanName = await this.check.newName(name);
    return this.service.create(cleanName, await this.check.newWorldExamples(examples));
  }

  @Authorized()
  @Mutation(() => WorldJobPayload, {
    description: 'Adds labelled examples to a world and rebuilds it (needs the API key).',
  })
  async addExamples(
    @Arg('world', () => ID, { description: 'World id or name.' }) world: string,
    @Arg('examples', () => [LabeledImageInput], { description: 'Labelled example images to add.' })
    examples: LabeledImageInput[],
  ): Promise<WorldJobPayload> {
    const idle = await this.check.idle(world, 'add examples to');
    return this.service.addExamples(idle, await this.check.examples(examples));
  }

  @Authorized()
  @Mutation(() => DeleteWorldPayload, {
    description: 'Deletes a world and its examples (needs the API key).',
  })
  async deleteWorld(
    @Arg('world', () => ID, { description: 'World id or name.' }) world: string,
  ): Promise<DeleteWorldPayload> {
    return this.service.delete(await this.check.idle(world, 'delete'));
  }
}
