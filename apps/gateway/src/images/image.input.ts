import { Field, InputType } from 'type-graphql';

@InputType({
  description:
    'One image: exactly one of `base64` (JPEG, PNG or WebP bytes, optionally as a data URL) or `sampleId` ' +
    '(a stored sample image; list them with the `samples` query).',
})
export class ImageInput {
  @Field(() => String, {
    nullable: true,
    description:
      'Base64 of the encoded image bytes (standard or URL-safe alphabet; a `data:image/...;base64,` prefix is allowed).',
  })
  base64?: string | null;

  @Field(() => String, { nullable: true, description: 'Id of a stored sample image, e.g. `pets-cat-01`.' })
  sampleId?: string | null;
}

@InputType({ description: 'An image with the label it is an example of (for building worlds).' })
export class LabeledImageInput {
  @Field(() => ImageInput, { description: 'The image.' })
  image!: ImageInput;

  @Field(() => String, { description: 'Its label, 1–100 characters, e.g. `cat`.' })
  label!: string;
}
