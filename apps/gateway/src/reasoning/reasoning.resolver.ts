import { Arg, ID, Query, Resolver } from 'type-graphql';
import type { GatewayLimits } from '../config/gateway-config.js';
import type { ExtractorService } from '../extractor/extractor.service.js';
import { ImageInput } from '../images/image.input.js';
import type { ImageValidator } from '../images/image.validator.js';
import type { WorldService } from '../worlds/world.service.js';
import type { RelationQuery, ReasoningService } from './reasoning.service.js';
import { OddOneOutResult, ReasoningStrategy, RelationResult, WorldMembership } from './reasoning.types.js';

@Resolver()
export class ReasoningResolver {
  constructor(
    private readonly validator: ImageValidator,
    private readonly extractor: ExtractorService,
    private readonly worlds: WorldService,
    private readonly reasoning: ReasoningService,
    private readonly limits: GatewayLimits,
  ) {}

  @Query(() => WorldMembership, {
    description: 'Is the image inside the world? ClusterFlow guesses vs the CNN answer.',
  })
  async worldMembership(
    @Arg('world', () => ID, { description: 'World id or name.' }) world: string,
    @Arg('image', () => ImageInput, { description: 'The image to place.' }) image: ImageInput,
  ): Promise<WorldMembership> {
    const found = this.worlds.requireTree(world);
    const valid = await this.validator.validate(image, 'image');
    const row = await this.extractor.classRow(valid, 'image');
    return this.reasoning.membership(found.world, found.treeJson, row);
  }

  @Query(() => OddOneOutResult, { description: 'Which of N ≥ 3 images is the odd one out.' })
  async oddOneOut(
    @Arg('images', () => [ImageInput], { description: 'The images (3 to the configured maximum).' })
    images: ImageInput[],
    @Arg('world', () => ID, {
      nullable: true,
      description: 'World whose knowledge labels the images (optional).',
    })
    world?: string | null,
    @Arg('strategy', () => ReasoningStrategy, {
      nullable: true,
      description: "Strategy; default: the library's.",
    })
    strategy?: ReasoningStrategy | null,
  ): Promise<OddOneOutResult> {
    return this.reasoning.oddOneOut(await this.query(images, world, strategy));
  }

  @Query(() => RelationResult, {
    description: 'SET / SAME_SAME_DIFFERENT / ANTISET over N ≥ 3 images, with groups.',
  })
  async relation(
    @Arg('images', () => [ImageInput], { description: 'The images (3 to the configured maximum).' })
    images: ImageInput[],
    @Arg('world', () => ID, {
      nullable: true,
      description: 'World whose knowledge labels the images (optional).',
    })
    world?: string | null,
    @Arg('strategy', () => ReasoningStrategy, {
      nullable: true,
      description: "Strategy; default: the library's.",
    })
    strategy?: ReasoningStrategy | null,
  ): Promise<RelationResult> {
    return this.reasoning.relation(await this.query(images, world, strategy));
  }

  private async query(
    images: readonly ImageInput[],
    world: string | null | undefined,
    strategy: ReasoningStrategy | null | undefined,
  ): Promise<RelationQuery> {
    const found = world === null || world === undefined ? null : this.worlds.requireTree(world);
    const valid = await this.validator.validateList(images, 'images', {
      min: 3,
      max: this.limits.maxImagesPerRequest,
    });
    const rows = await this.extractor.classRows(valid, 'images');
    return {
      rows,
      world: found,
      strategy: strategy ?? null,
    };
  }
}
