import { clip } from '../errors/clip.js';
import { BadUserInputError } from '../errors/gateway-errors.js';
import type { SampleService } from '../samples/sample.service.js';

/** Fewest samples per category: half trains a world, whose 5-fold calibration needs ≥ 10 examples. */
export const MIN_ASYMMETRY_SAMPLES = 20;

/** The two categories' stored sample ids, after the edge checks of `asymmetry`. */
export interface AsymmetrySamples {
  idsA: string[];
  idsB: string[];
}

/** The edge checks of `asymmetry`: two different labels, each with enough samples in the collection. */
export class AsymmetryValidator {
  constructor(private readonly samples: Pick<SampleService, 'list'>) {}

  async check(a: string, b: string, collection: string | null): Promise<AsymmetrySamples> {
    if (a === b) throw new BadUserInputError(`a and b are both "${clip(a)}"; compare two different labels.`);
    const all = await this.samples.list(collection);
    const of = (label: string, argument: string): string[] => {
      const ids = all.filter((s) => s.label === label).map((s) => s.id);
      if (ids.length < MIN_ASYMMETRY_SAMPLES) {
        const labels = [...new Set(all.map((s) => s.label))].sort();
        throw new BadUserInputError(
          `${argument} "${clip(label)}" has ${ids.length} samples${collection ? ` in collection "${clip(collection)}"` : ''}; ` +
            `the experiment needs at least ${MIN_ASYMMETRY_SAMPLES}. Labels there: ${labels.join(', ') || '(none)'}.`,
          { argument },
        );
      }
      return ids;
    };
    return { idsA: of(a, 'a'), idsB: of(b, 'b') };
  }
}
