import { Field, Float, ObjectType } from 'type-graphql';
import { ClassScore } from '../classify/classification.type.js';

@ObjectType({ description: "How alike two images are in the CNN's class space." })
export class Similarity {
  @Field(() => Float, {
    description: 'Cosine similarity of the two class-space (pre-softmax) vectors, in [-1, 1].',
  })
  cosine!: number;

  @Field(() => String, { description: 'The space compared: `classSpace` (pre-softmax logits).' })
  space!: string;

  @Field(() => String, { description: 'Model whose class space was used.' })
  model!: string;

  @Field(() => ClassScore, { description: "Image a's top class, for context." })
  topA!: ClassScore;

  @Field(() => ClassScore, { description: "Image b's top class, for context." })
  topB!: ClassScore;
}
