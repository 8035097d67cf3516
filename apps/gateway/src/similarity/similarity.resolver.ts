import { Arg, Query, Resolver } from 'type-graphql';
import { topClasses } from '../classify/top-classes.js';
import type { ExtractorService } from '../extractor/extractor.service.js';
import { ImageInput } from '../images/image.input.js';
import type { ImageValidator } from '../images/image.validator.js';
import { cosineSimilarity } from './cosine.js';
import { Similarity } from './similarity.type.js';

@Resolver(() => Similarity)
export class SimilarityResolver {
  constructor(
    private readonly validator: ImageValidator,
    private readonly extractor: ExtractorService,
  ) {}

  @Query(() => Similarity, { description: 'Cosine similarity of two images in class space.' })
  async similarity(
    @Arg('a', () => ImageInput, { description: 'First image.' }) a: ImageInput,
    @Arg('b', () => ImageInput, { description: 'Second image.' }) b: ImageInput,
  ): Promise<Similarity> {
    const images = [await this.validator.validate(a, 'a'), await this.validator.validate(b, 'b')];
    const [rowA, rowB] = await this.extractor.classRows(images, ['a', 'b']);
    return {
      cosine: cosineSimilarity(rowA.classSpace, rowB.classSpace),
      space: 'classSpace',
      model: this.extractor.modelName,
      topA: topClasses(rowA, this.extractor.labels, 1)[0],
      topB: topClasses(rowB, this.extractor.labels, 1)[0],
    };
  }
}
