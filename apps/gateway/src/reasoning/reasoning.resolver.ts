import { Arg, Args, ID, Query, Resolver } from 'type-graphql';
import type { ExtractorService } from '../extractor/extractor.service.js';
import { ImageInput } from '../images/image.input.js';
import type { ImageValidator } from '../validation/image.validator.js';
import type { WorldValidator } from '../worlds/world.validator.js';
import type { RelationQuery, ReasoningService } from './reasoning.service.js';
import { OddOneOutResult, RelationResult, WorldMembership } from './reasoning.types.js';
import { RelationArgs } from './relation.args.js';
import type { RelationValidator } from './relation.validator.js';

@Resolver()
export class ReasoningResolver {
  constructor(
    private readonly images: ImageValidator,
    private readonly worlds: WorldValidator,
    private readonly relations: RelationValidator,
    private readonly extractor: ExtractorService,
    private readonly reasoning: ReasoningService,
  ) {}

  @Query(() => WorldMembership, {
    description: 'Is the image inside the world? ClusterFlow guesses vs the CNN answer.',
  })
  async worldMembership(
    @Arg('world', () => ID, { description: 'World id or name.' }) world: string,
    @Arg('image', () => ImageInput, { description: 'The image to place.' }) image: ImageInput,
  ): Promise<WorldMembership> {
    const found = await this.worlds.withTree(world);
    const valid = await this.images.validate(image, 'image');
    const row = await this.extractor.classRow(valid, 'image');
    return this.reasoning.membership(found.world, found.treeJson, row);
  }

  @Query(() => OddOneOutResult, { description: 'Which of N ≥ 3 images is the odd one out.' })
  async oddOneOut(@Args(() => RelationArgs) args: RelationArgs): Promise<OddOneOutResult> {
    return this.reasoning.oddOneOut(await this.query(args));
  }

  @Query(() => RelationResult, {
    description: 'SET / SAME_SAME_DIFFERENT / ANTISET over N ≥ 3 images, with groups.',
  })
  async relation(@Args(() => RelationArgs) args: RelationArgs): Promise<RelationResult> {
    return this.reasoning.relation(await this.query(args));
  }

  /** Edge checks, then the CNN rows of the images (in the order given). */
  private async query(args: RelationArgs): Promise<RelationQuery> {
    const valid = await this.relations.check(args);
    const rows = await this.extractor.classRows(valid.images, 'images');
    return { rows, world: valid.world, strategy: valid.strategy };
  }
}
