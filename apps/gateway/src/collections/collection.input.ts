import { Field, InputType } from 'type-graphql';

@InputType({ description: 'One file of a chunked collection upload.' })
export class CollectionImageUpload {
  @Field(() => String, { description: 'Original file name, 1–255 characters.' })
  name!: string;

  @Field(() => String, {
    description: 'Base64 of the JPEG, PNG or WebP bytes (a data URL prefix is allowed).',
  })
  base64!: string;
}
