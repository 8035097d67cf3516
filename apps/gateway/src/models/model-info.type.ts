import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A CNN registered with the extractor library.' })
export class ModelInfo {
  @Field(() => String, { description: 'Registry name, e.g. `darknet-tiny`.' })
  name!: string;

  @Field(() => Int, { description: 'Square input side in pixels.' })
  inputSize!: number;

  @Field(() => String, { description: 'Input scaling: `0..1` (x/255) or `-1..1` (x/127.5 − 1).' })
  normalisation!: string;

  @Field(() => String, { description: "What the model's last layer outputs: `logits` or `probabilities`." })
  outputKind!: string;

  @Field(() => Boolean, { description: 'True for the model this gateway has loaded and answers with.' })
  active!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'TF.js backend in use (active model only): tensorflow-gpu, tensorflow, wasm or cpu.',
  })
  backend?: string | null;
}
