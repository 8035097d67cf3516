import { Arg, Int, Query, Resolver } from 'type-graphql';
import type { ExtractorService } from '../extractor/extractor.service.js';
import { ImageInput } from '../images/image.input.js';
import type { ImageValidator } from '../validation/image.validator.js';
import { checkInteger } from '../validation/integer.validator.js';
import { Classification } from './classification.type.js';
import { topClasses } from './top-classes.js';

/** Largest `topK` accepted. */
export const MAX_TOP_K = 100;

@Resolver(() => Classification)
export class ClassifyResolver {
  constructor(
    private readonly validator: ImageValidator,
    private readonly extractor: ExtractorService,
  ) {}

  @Query(() => Classification, {
    description: "The CNN's top-k classes for one image (softmax over its logits).",
  })
  async classify(
    @Arg('image', () => ImageInput, { description: 'The image to classify.' }) image: ImageInput,
    @Arg('topK', () => Int, { defaultValue: 5, description: `How many classes to return, 1–${MAX_TOP_K}.` })
    topK: number,
  ): Promise<Classification> {
    checkInteger(topK, 'topK', { min: 1, max: MAX_TOP_K }, `an integer from 1 to ${MAX_TOP_K}`);
    const valid = await this.validator.validate(image, 'image');
    const row = await this.extractor.classRow(valid, 'image');
    return {
      model: this.extractor.modelName,
      top: topClasses(row, this.extractor.labels, topK),
      classCount: row.classSpace.length,
    };
  }
}
