import { ArgsType, Field, ID } from 'type-graphql';
import { ImageInput } from '../images/image.input.js';
import { ReasoningStrategy } from './reasoning.types.js';

/** The arguments `oddOneOut` and `relation` share: the images, an optional world and an optional strategy. */
@ArgsType()
export class RelationArgs {
  @Field(() => [ImageInput], { description: 'The images (3 to the configured maximum).' })
  images!: ImageInput[];

  @Field(() => ID, {
    nullable: true,
    description: 'World whose knowledge labels the images (optional).',
  })
  world?: string | null;

  @Field(() => ReasoningStrategy, {
    nullable: true,
    description: "Strategy; default: the library's.",
  })
  strategy?: ReasoningStrategy | null;
}
