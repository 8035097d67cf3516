import type { GatewayLimits } from '../config/gateway-config.js';
import { BadUserInputError } from '../errors/gateway-errors.js';
import type { ValidImage } from '../images/valid-image.js';
import type { ImageValidator } from '../validation/image.validator.js';
import type { World } from '../worlds/world.type.js';
import type { WorldValidator } from '../worlds/world.validator.js';
import type { RelationArgs } from './relation.args.js';
import { ReasoningStrategy } from './reasoning.types.js';

/** Fewest images a relation is read over (the set game needs three). */
export const MIN_RELATION_IMAGES = 3;

/** `RelationArgs` after the edge checks: the images validated, the world resolved with its tree. */
export interface ValidRelationArgs {
  images: ValidImage[];
  world: { world: World; treeJson: string } | null;
  strategy: ReasoningStrategy | null;
}

/** The edge checks of `oddOneOut` and `relation`: the world, then the images, then the strategy against the world. */
export class RelationValidator {
  constructor(
    private readonly worlds: WorldValidator,
    private readonly images: ImageValidator,
    private readonly limits: GatewayLimits,
  ) {}

  async check(args: RelationArgs): Promise<ValidRelationArgs> {
    const world =
      args.world === null || args.world === undefined ? null : await this.worlds.withTree(args.world);
    const images = await this.images.validateList(args.images, 'images', {
      min: MIN_RELATION_IMAGES,
      max: this.limits.maxImagesPerRequest,
    });
    const strategy = args.strategy ?? null;
    // The gateway's API promise: without a world only LABELS (CNN top-5) answers; the others read a world's tree.
    if (world === null && strategy !== null && strategy !== ReasoningStrategy.LABELS) {
      throw new BadUserInputError(
        `strategy ${strategy} needs a world (pass world: a world id or name); without one only LABELS (CNN top-5) is available.`,
        { argument: 'strategy' },
      );
    }
    return { images, world, strategy };
  }
}
