import { Field, Float, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: "One of the CNN's classes with its score for an image." })
export class ClassScore {
  @Field(() => Int, { description: "Position in the model's own output order." })
  index!: number;

  @Field(() => String, { description: 'WordNet id, e.g. `n02123045`.' })
  wnid!: string;

  @Field(() => String, { description: 'Human-readable class name, e.g. `tabby`.' })
  name!: string;

  @Field(() => Float, { description: 'Softmax probability in [0, 1].' })
  probability!: number;

  @Field(() => Float, {
    description: 'Pre-softmax score (the class-space coordinate ClusterFlow clusters on).',
  })
  logit!: number;
}

@ObjectType({ description: "The CNN's own answer for one image: its top classes by softmax probability." })
export class Classification {
  @Field(() => String, { description: 'Model that answered, e.g. `darknet-tiny`.' })
  model!: string;

  @Field(() => [ClassScore], { description: 'The `topK` most probable classes, most probable first.' })
  top!: ClassScore[];

  @Field(() => Int, { description: 'Dimensions of the class space (number of classes).' })
  classCount!: number;
}
