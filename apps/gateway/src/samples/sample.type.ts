import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({
  description: 'A stored sample image, usable anywhere an ImageInput is accepted via `sampleId`.',
})
export class Sample {
  @Field(() => String, { description: 'Id to pass as `ImageInput.sampleId`, e.g. `pets-cat-01`.' })
  id!: string;

  @Field(() => String, { description: 'What the photo shows, e.g. `cat`, `wine bottle`.' })
  label!: string;

  @Field(() => String, { description: 'The set it came from: `pets`, `flowers`, `imagenet4`.' })
  collection!: string;

  @Field(() => String, { description: 'Encoding of the stored bytes: jpeg, png or webp.' })
  format!: string;

  @Field(() => Int, { description: 'Width in pixels.' })
  width!: number;

  @Field(() => Int, { description: 'Height in pixels.' })
  height!: number;

  @Field(() => String, { description: '64×64 JPEG thumbnail as a data URL.' })
  thumbnail!: string;

  @Field(() => String, {
    description: 'Where the photo comes from (file in the bundled set, with SOURCE.md beside it).',
  })
  source!: string;
}
