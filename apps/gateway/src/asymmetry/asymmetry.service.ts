import { createRng } from '@clusterflow/clusterflow';
import { asymmetryExperiment, type LabelledExamples } from '@clusterflow/reasoning';
import { BadUserInputError } from '../errors/gateway-errors.js';
import type { ExtractorService } from '../extractor/extractor.service.js';
import { clip } from '../images/image.validator.js';
import type { SampleService } from '../samples/sample.service.js';
import type { AsymmetryResult } from './asymmetry.type.js';

/** Fewest samples per category: half trains a world, whose 5-fold calibration needs ≥ 10 examples. */
export const MIN_ASYMMETRY_SAMPLES = 20;

/**
 * Runs @clusterflow/reasoning's asymmetry experiment on stored samples: each category's samples are split in half
 * (seeded shuffle) into train and test. Class-space rows of samples are computed once and kept in memory.
 */
export class AsymmetryService {
  private readonly rows = new Map<string, Float32Array>();

  constructor(
    private readonly samples: SampleService,
    private readonly extractor: ExtractorService,
  ) {}

  async run(
    a: string,
    b: string,
    collection: string | null,
    seed: number,
    boundary: 'box' | 'calibrated',
  ): Promise<AsymmetryResult> {
    if (a === b) throw new BadUserInputError(`a and b are both "${clip(a)}"; compare two different labels.`);
    const all = this.samples.list(collection);
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
    const idsA = of(a, 'a');
    const idsB = of(b, 'b');
    await this.embed([...idsA, ...idsB]);
    const rng = createRng(seed);
    const [trainA, testA] = this.split(idsA, a, rng);
    const [trainB, testB] = this.split(idsB, b, rng);
    let result;
    try {
      result = asymmetryExperiment({ nameA: a, nameB: b, trainA, testA, trainB, testB }, { boundary });
    } catch (error) {
      throw new BadUserInputError(`The asymmetry experiment could not run: ${(error as Error).message}`);
    }
    return { ...result, boundary: String(result.boundary), seed };
  }

  private async embed(ids: readonly string[]): Promise<void> {
    const missing = ids.filter((id) => !this.rows.has(id));
    if (missing.length === 0) return;
    const images = missing.map((id) => {
      const sample = this.samples.image(id);
      if (sample === undefined) throw new Error(`sample ${id} vanished`);
      return sample.image;
    });
    const rows = await this.extractor.classRows(
      images,
      missing.map((id) => `sample ${id}`),
    );
    missing.forEach((id, i) => this.rows.set(id, rows[i].classSpace));
  }

  /** Fisher–Yates with the shared seeded RNG, then first half → train, rest → test. */
  private split(
    ids: readonly string[],
    label: string,
    rng: ReturnType<typeof createRng>,
  ): [LabelledExamples, LabelledExamples] {
    const order = [...ids];
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.nextInt(i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
    const half = Math.floor(order.length / 2);
    return [this.matrix(order.slice(0, half), label), this.matrix(order.slice(half), label)];
  }

  private matrix(ids: readonly string[], label: string): LabelledExamples {
    const cols = this.rows.get(ids[0])?.length ?? 0;
    const data = new Float32Array(ids.length * cols);
    ids.forEach((id, i) => data.set(this.rows.get(id) as Float32Array, i * cols));
    return { data, rows: ids.length, cols, labelSets: ids.map(() => [label]), ids: [...ids] };
  }
}
