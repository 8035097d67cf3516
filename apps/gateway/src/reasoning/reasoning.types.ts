import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ClassScore } from '../classify/classification.type.js';

export enum ReasoningStrategy {
  LABELS = 'LABELS',
  GEOMETRIC = 'GEOMETRIC',
  COMBINED = 'COMBINED',
}
registerEnumType(ReasoningStrategy, {
  name: 'ReasoningStrategy',
  description: 'How a relational answer is reached.',
  valuesConfig: {
    LABELS: {
      description:
        "Cluster the images' labels (CNN top-5 or a world's guesses) and read the tree (paper §4.3).",
    },
    GEOMETRIC: { description: 'Distances in class space against a threshold calibrated on a world.' },
    COMBINED: { description: 'Posterior combining label and geometric evidence.' },
  },
});

export enum RelationKind {
  SET = 'SET',
  SAME_SAME_DIFFERENT = 'SAME_SAME_DIFFERENT',
  ANTISET = 'ANTISET',
}
registerEnumType(RelationKind, {
  name: 'RelationKind',
  description: 'The relation of the set game over N images.',
  valuesConfig: {
    SET: { description: 'All images are the same kind.' },
    SAME_SAME_DIFFERENT: { description: 'All but some are the same kind; the rest are odd.' },
    ANTISET: { description: 'All images are different kinds.' },
  },
});

@ObjectType({ description: 'A relation over N images and how it was reached.' })
export class RelationResult {
  @Field(() => RelationKind, { description: 'SET, SAME_SAME_DIFFERENT or ANTISET.' })
  relation!: RelationKind;

  @Field(() => [[Int]], {
    description: 'Groups of image indices judged the same kind (singletons included), largest first.',
  })
  groups!: number[][];

  @Field(() => Int, {
    nullable: true,
    description: 'For SAME_SAME_DIFFERENT with one image apart: its index.',
  })
  oddIndex?: number | null;

  @Field(() => Float, {
    description: 'Strength of the evidence for this relation over the others, in [0, 1].',
  })
  confidence!: number;

  @Field(() => ReasoningStrategy, { description: 'The strategy that answered.' })
  strategy!: ReasoningStrategy;

  @Field(() => String, { description: 'How the answer was reached (shared labels, distances, tree shape).' })
  explanation!: string;
}

@ObjectType({ description: 'Which image is the odd one out.' })
export class OddOneOutResult {
  @Field(() => Int, { description: 'Index (in the input list) of the odd image.' })
  index!: number;

  @Field(() => Float, { description: 'Confidence in [0, 1].' })
  confidence!: number;

  @Field(() => ReasoningStrategy, { description: 'The strategy that answered.' })
  strategy!: ReasoningStrategy;

  @Field(() => String, { description: 'Why: the labels the others share, or the distances.' })
  explanation!: string;

  @Field(() => RelationResult, { description: 'The full relation reading behind the answer.' })
  relation!: RelationResult;
}

@ObjectType({ description: 'A label guessed by ClusterFlow.' })
export class LabelGuess {
  @Field(() => String, { description: 'The label.' })
  label!: string;

  @Field(() => Float, {
    description: "The tree's guess score (label share, distance-weighted for nearby guesses).",
  })
  score!: number;

  @Field(() => Float, { description: 'ClusterFlow confidence in [0, 1]: score × escape p-value.' })
  confidence!: number;
}

@ObjectType({
  description:
    "Whether an image lies inside a world, ClusterFlow's guesses, and the CNN's own answer beside them.",
})
export class WorldMembership {
  @Field(() => String, { description: 'World id.' })
  worldId!: string;

  @Field(() => Boolean, {
    description: "True when the image's escape is within the world's calibrated threshold.",
  })
  inWorld!: boolean;

  @Field(() => Float, {
    nullable: true,
    description: "Top guess's ClusterFlow confidence; null outside the world (no guess).",
  })
  confidence?: number | null;

  @Field(() => [LabelGuess], {
    description: 'Guessed labels, best first (empty outside the world: no guess).',
  })
  guesses!: LabelGuess[];

  @Field(() => String, { description: 'Where the guess came from: pure, mixed, nearby or outside.' })
  source!: string;

  @Field(() => Float, {
    description: 'How typical the escape is among held-out real examples (conformal p-value).',
  })
  pValue!: number;

  @Field(() => Int, { description: 'Dimensions in which the image escapes the world box (L0).' })
  escapingDimensions!: number;

  @Field(() => Float, { description: 'Normalised escape distance Σ overshoot/σ from the world box.' })
  escapeDistance!: number;

  @Field(() => Float, { description: "The world's calibrated escape threshold." })
  threshold!: number;

  @Field(() => [Int], {
    description: 'Cluster ids from the world cluster (0) down to the deepest cluster containing the image.',
  })
  path!: number[];

  @Field(() => ClassScore, {
    description: "The CNN's top class and softmax confidence (to compare with ClusterFlow's).",
  })
  cnnTop!: ClassScore;
}
