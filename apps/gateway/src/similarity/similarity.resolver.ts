import { rowDistance } from '@clusterflow/reasoning';
import { Arg, Query, Resolver } from 'type-graphql';
import { topClasses } from '../classify/top-classes.js';
import type { ExtractorService } from '../extractor/extractor.service.js';
import { ImageInput } from '../images/image.input.js';
import type { ImageValidator } from '../validation/image.validator.js';
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
    const cols = rowA.classSpace.length;
    // reasoning's cosine distance is 1 − cos (1 when a vector is all zeros: similarity 0); clamp rounding past ±1.
    const cosine = 1 - rowDistance(rowA.classSpace, 0, rowB.classSpace, 0, cols, 'cosine');
    return {
      cosine: Math.max(-1, Math.min(1, cosine)),
      space: 'classSpace',
      model: this.extractor.modelName,
      topA: topClasses(rowA, this.extractor.labels, 1)[0],
      topB: topClasses(rowB, this.extractor.labels, 1)[0],
    };
  }
}
