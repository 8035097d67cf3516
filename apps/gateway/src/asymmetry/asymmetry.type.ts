import { Field, Float, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Two surprises and their difference (percent and percentage points).' })
export class AsymmetryPair {
  @Field(() => Float, { description: 'Surprise of B items: share outside the world, in % (0–100).' })
  surpriseB!: number;

  @Field(() => Float, { description: 'Surprise of A items, in %.' })
  surpriseA!: number;

  @Field(() => Float, { description: 'surpriseB − surpriseA in percentage points (positive: towards B).' })
  asymmetry!: number;
}

@ObjectType({ description: 'Control: one tree over both categories at once.' })
export class AsymmetryTogether {
  @Field(() => Float, { description: "Share of A's training items in pure leaves, %." })
  pureA!: number;

  @Field(() => Float, { description: "Share of B's training items in pure leaves, %." })
  pureB!: number;

  @Field(() => Float, { description: 'pureB − pureA, percentage points.' })
  asymmetry!: number;
}

@ObjectType({ description: 'How many items each split had.' })
export class AsymmetryCounts {
  @Field(() => Int, { description: 'A items used to familiarise the A world.' })
  trainA!: number;

  @Field(() => Int, { description: 'A items held out.' })
  testA!: number;

  @Field(() => Int, { description: 'B items used to familiarise the B world.' })
  trainB!: number;

  @Field(() => Int, { description: 'B items held out.' })
  testB!: number;
}

@ObjectType({ description: 'The asymmetry experiment (paper §3.4) on stored samples of two categories.' })
export class AsymmetryResult {
  @Field(() => String, { description: 'Category A (familiarised first), e.g. `cat`.' })
  nameA!: string;

  @Field(() => String, { description: 'Category B, e.g. `dog`.' })
  nameB!: string;

  @Field(() => String, { description: "Surprise boundary: 'box' (outside the world box) or 'calibrated'." })
  boundary!: string;

  @Field(() => AsymmetryPair, {
    description: 'Novel stimuli: test B in the A world vs test A in the B world.',
  })
  novel!: AsymmetryPair;

  @Field(() => AsymmetryPair, {
    description: 'Familiar stimuli: test B in the B world vs test A in the A world.',
  })
  familiar!: AsymmetryPair;

  @Field(() => AsymmetryPair, {
    description: "Control: the other category's training items instead of its test items.",
  })
  trainControl!: AsymmetryPair;

  @Field(() => AsymmetryTogether, { description: 'Control: both categories in one tree.' })
  together!: AsymmetryTogether;

  @Field(() => AsymmetryCounts, { description: 'Split sizes.' })
  counts!: AsymmetryCounts;

  @Field(() => Int, { description: 'Seed of the train/test split.' })
  seed!: number;
}
