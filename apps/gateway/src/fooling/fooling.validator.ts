import { isExtractorError, resolveClass } from '@clusterflow/extractors';
import { clip } from '../errors/clip.js';
import { BadUserInputError, ServiceUnavailableError } from '../errors/gateway-errors.js';
import type { ExtractorService } from '../extractor/extractor.service.js';
import { checkInteger } from '../validation/integer.validator.js';

/** Most gradient steps one synthesis may take. */
export const MAX_FOOLING_STEPS = 500;

/** `synthesizeFoolingImage`'s arguments after the edge checks: the target class resolved to the model's index. */
export interface FoolingRequest {
  target: { index: number; name: string };
  seed: number;
  maxSteps: number;
}

/**
 * The edge checks of `synthesizeFoolingImage`: the CNN must run in this process (gradients need the model), the
 * target must be one of its classes, seed and step count in range.
 */
export class FoolingValidator {
  constructor(private readonly extractor: Pick<ExtractorService, 'localModel' | 'labels' | 'modelName'>) {}

  check(targetClass: string, seed: number, maxSteps: number): FoolingRequest {
    if (this.extractor.localModel === undefined) {
      throw new ServiceUnavailableError(
        'Fooling-image synthesis needs the CNN in the gateway process; it is off with CLUSTERFLOW_WORKERS > 0.',
      );
    }
    const target = this.resolveClass(targetClass);
    checkInteger(seed, 'seed', { min: 0, max: Infinity }, 'an integer ≥ 0');
    checkInteger(maxSteps, 'maxSteps', { min: 1, max: MAX_FOOLING_STEPS }, `1 to ${MAX_FOOLING_STEPS}`);
    return { target, seed, maxSteps };
  }

  /** A class name (case-insensitive, `_` = space) or an output index given as a string. */
  private resolveClass(text: string): { index: number; name: string } {
    try {
      const { index, name } = resolveClass(text, this.extractor.labels);
      return { index, name };
    } catch (error) {
      if (!isExtractorError(error)) throw error;
      throw new BadUserInputError(
        `targetClass "${clip(text)}" is not a class of ${this.extractor.modelName}; give a class name (e.g. "tabby", "wine bottle") or an index 0–${this.extractor.labels.length - 1}.`,
        { argument: 'targetClass' },
      );
    }
  }
}
