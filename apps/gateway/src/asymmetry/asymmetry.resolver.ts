import { Arg, Int, Query, Resolver, registerEnumType } from 'type-graphql';
import { AsymmetryResult } from './asymmetry.type.js';
import type { AsymmetryService } from './asymmetry.service.js';
import type { AsymmetryValidator } from './asymmetry.validator.js';

export enum SurpriseBoundary {
  BOX = 'box',
  CALIBRATED = 'calibrated',
}
registerEnumType(SurpriseBoundary, {
  name: 'SurpriseBoundary',
  description: 'What counts as "outside" a familiarised world.',
  valuesConfig: {
    BOX: {
      description:
        'Outside the world box at all (strict; in 1000-D class space nearly every new item escapes).',
    },
    CALIBRATED: {
      description:
        "Beyond the world's calibrated escape threshold (accepts ≥ 90 % of held-out real examples, α = 0.1).",
    },
  },
});

@Resolver(() => AsymmetryResult)
export class AsymmetryResolver {
  constructor(
    private readonly check: AsymmetryValidator,
    private readonly service: AsymmetryService,
  ) {}

  @Query(() => AsymmetryResult, {
    description:
      "Paper §3.4: familiarise one world with A's samples and one with B's (half of each, seeded) and measure surprise.",
  })
  async asymmetry(
    @Arg('a', () => String, { defaultValue: 'cat', description: 'Label of category A.' }) a: string,
    @Arg('b', () => String, { defaultValue: 'dog', description: 'Label of category B.' }) b: string,
    @Arg('collection', () => String, {
      nullable: true,
      defaultValue: 'pets',
      description: 'Sample collection (null: all).',
    })
    collection: string | null,
    @Arg('seed', () => Int, { defaultValue: 0, description: 'Seed of the train/test split.' }) seed: number,
    @Arg('boundary', () => SurpriseBoundary, {
      defaultValue: SurpriseBoundary.CALIBRATED,
      description:
        'Surprise boundary (default CALIBRATED: with BOX every held-out pet photo escapes, 100 % vs 100 %).',
    })
    boundary: SurpriseBoundary,
  ): Promise<AsymmetryResult> {
    return this.service.run(a, b, await this.check.check(a, b, collection), seed, boundary);
  }
}
