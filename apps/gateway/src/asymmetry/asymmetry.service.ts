import { createRng } from '@clusterflow/clusterflow';
import { asymmetryExperiment, type LabelledExamples } from '@clusterflow/reasoning';
import { BadUserInputError } from '../errors/gateway-errors.js';
import type { ExtractorService } from '../extractor/extractor.service.js';
import type { StoredImage } from '../images/image-store.js';
import type { SampleService } from '../samples/sample.service.js';
import type { AsymmetryResult } from './asymmetry.type.js';
import type { AsymmetrySamples } from './asymmetry.validator.js';

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

  /** Runs the experiment on the categories' samples (checked by `AsymmetryValidator`). */
  async run(
    a: string,
    b: string,
    { idsA, idsB }: AsymmetrySamples,
    seed: number,
    boundary: 'box' | 'calibrated',
  ): Promise<AsymmetryResult> {
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
    const images: StoredImage[] = [];
    for (const id of missing) {
      const sample = await this.samples.image(id);
      if (sample === undefined) throw new Error(`sample ${id} vanished`);
      images.push(sample.image);
    }
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
