import { Field, ID, Int, ObjectType } from 'type-graphql';
import { LabelCount } from '../worlds/world.type.js';

@ObjectType({ description: 'A named set of uploaded photos to map and label (issue 16 "label by map").' })
export class Collection {
  @Field(() => ID, { description: 'Collection id, `c_…`.' })
  id!: string;

  @Field(() => String, { description: 'Unique name, 1–64 characters.' })
  name!: string;

  @Field(() => String, { description: 'ISO time the collection was created.' })
  createdAt!: string;

  @Field(() => Int, { description: 'Images stored in the collection.' })
  imageCount!: number;

  @Field(() => Int, { description: 'Images that carry a label.' })
  labelledCount!: number;

  @Field(() => [LabelCount], { description: 'Images per label, sorted by label.' })
  labelCounts!: LabelCount[];
}

@ObjectType({ description: 'One image of a collection (its bytes are stored once per collection).' })
export class CollectionImage {
  @Field(() => ID, { description: '`ci_` + the first 24 hex digits of the sha256 of the bytes.' })
  id!: string;

  @Field(() => String, { description: 'Original file name.' })
  name!: string;

  @Field(() => String, { description: 'sha256 of the stored bytes (hex).' })
  sha256!: string;

  @Field(() => Int, { description: 'Width in pixels.' })
  width!: number;

  @Field(() => Int, { description: 'Height in pixels.' })
  height!: number;

  @Field(() => String, { nullable: true, description: 'Label, or null when unlabelled.' })
  label!: string | null;

  @Field(() => String, { description: 'Path of the 96 px JPEG thumbnail on this gateway.' })
  thumbnailUrl!: string;

  @Field(() => String, { description: 'Path of the stored image bytes on this gateway.' })
  imageUrl!: string;
}

@ObjectType({ description: 'A file of an upload that was not added, and why.' })
export class FileError {
  @Field(() => String, { description: 'The file name that was sent.' })
  name!: string;

  @Field(() => String, {
    description: 'BAD_USER_INPUT (validation) or DECODE_FAILED (sharp could not decode it).',
  })
  code!: string;

  @Field(() => String, { description: 'What was wrong and what is allowed.' })
  message!: string;
}

@ObjectType({ description: 'Outcome of one upload chunk.' })
export class AddCollectionImagesResult {
  @Field(() => Int, { description: 'Images newly stored.' })
  added!: number;

  @Field(() => Int, {
    description: 'Files whose bytes were already in the collection (or earlier in this chunk).',
  })
  duplicates!: number;

  @Field(() => [FileError], { description: 'Per-file errors; the other files were still added.' })
  failed!: FileError[];

  @Field(() => Collection, { description: 'The collection after the upload.' })
  collection!: Collection;
}
