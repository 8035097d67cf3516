import { Arg, Int, Query, Resolver } from 'type-graphql';
import { AsymmetryResult } from './asymmetry.type.js';
import type { AsymmetryService } from './asymmetry.service.js';

@Resolver(() => AsymmetryResult)
export class AsymmetryResolver {
  constructor(private readonly service: AsymmetryService) {}

  @Query(() => AsymmetryResult, {
    description:
      "Paper §3.4: familiarise one world with A's samples and one with B's (half of each, seeded) and measure surprise.",
  })
  asymmetry(
    @Arg('a', () => String, { defaultValue: 'cat', description: 'Label of category A.' }) a: string,
    @Arg('b', () => String, { defaultValue: 'dog', description: 'Label of category B.' }) b: string,
    @Arg('collection', () => String, {
      nullable: true,
      defaultValue: 'pets',
      description: 'Sample collection (null: all).',
    })
    collection: string | null,
    @Arg('seed', () => Int, { defaultValue: 0, description: 'Seed of the train/test split.' }) seed: number,
  ): Promise<AsymmetryResult> {
    return this.service.run(a, b, collection, seed);
  }
}
