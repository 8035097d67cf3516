import { getModel, listModels } from '@clusterflow/extractors';
import { Query, Resolver } from 'type-graphql';
import type { ExtractorService } from '../extractor/extractor.service.js';
import { ModelInfo } from './model-info.type.js';

@Resolver(() => ModelInfo)
export class ModelResolver {
  constructor(private readonly extractor: ExtractorService) {}

  @Query(() => [ModelInfo], {
    description: 'Registered CNNs; `active` marks the one loaded by this gateway.',
  })
  models(): ModelInfo[] {
    return listModels().map((name) => {
      const descriptor = getModel(name);
      const active = name === this.extractor.modelName;
      return {
        name,
        inputSize: descriptor.inputSize,
        normalisation: descriptor.normalisation,
        outputKind: descriptor.outputKind,
        active,
        backend: active ? this.extractor.backend : null,
      };
    });
  }
}
