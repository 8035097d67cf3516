import { BadUserInputError } from '../errors/gateway-errors.js';
import type { World } from '../worlds/world.type.js';
import type { WorldValidator } from '../worlds/world.validator.js';

/** Fewest embedded examples a map can be drawn from (UMAP needs a neighbourhood). */
export const MIN_PROJECTION_POINTS = 3;

/** The edge checks of `projection`: a READY world with between MIN_PROJECTION_POINTS and `maxPoints` examples. */
export class ProjectionValidator {
  constructor(
    private readonly worlds: WorldValidator,
    private readonly maxPoints: number,
  ) {}

  async world(idOrName: string): Promise<World> {
    const world = await this.worlds.ready(idOrName);
    const rows = world.embeddedCount;
    if (rows < MIN_PROJECTION_POINTS) {
      throw new BadUserInputError(
        `World "${world.name}" has ${rows} embedded examples; a projection needs at least ${MIN_PROJECTION_POINTS}.`,
        { argument: 'world' },
      );
    }
    if (rows > this.maxPoints) {
      throw new BadUserInputError(
        `World "${world.name}" has ${rows} embedded examples; projections are limited to ${this.maxPoints}.`,
        { argument: 'world' },
      );
    }
    return world;
  }
}
