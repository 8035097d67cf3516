import {
  asymmetryExperiment,
  selectExamples,
  type AsymmetryResult,
  type SurpriseBoundary,
} from '../../src/index.js';
import { cachedActivations } from '../lib/activation-cache.js';
import { DATA_ROOT, MODEL_TAPS } from '../lib/experiment-config.js';
import { photoSets } from '../lib/relation-datasets.js';
import { stratifiedSplit, withClasses } from '../lib/split.js';
import { TRAIN_SHARE, WORLD_TREE } from './relations.js';

export interface AsymmetryRow extends AsymmetryResult {
  model: string;
  tap: string;
  parameters: number;
}

/** Parameter counts of the two bundled models (from their weight manifests). */
const PARAMETERS: Record<string, number> = { 'darknet-tiny': 1_046_488, 'mobilenet-v1-0.75-224': 2_601_976 };

/** Cat/dog asymmetry (paper §3.4, Table 6) on the pets set, train/test halves, for each model/tap and boundary. */
export async function runAsymmetry(options: {
  splitSeed: number;
  log: (l: string) => void;
}): Promise<AsymmetryRow[]> {
  const rows: AsymmetryRow[] = [];
  const pets = photoSets(DATA_ROOT).find((s) => s.name === 'pets');
  if (!pets?.classCounts.cat || !pets.classCounts.dog) {
    options.log(`  asymmetry skipped: no pets/{cat,dog} photo set under ${DATA_ROOT}`);
    return rows;
  }
  const images = pets.images;
  const taps: Array<[string, string]> = [
    ['darknet-tiny', 'classSpace'],
    ['darknet-tiny', 'leaky_re_lu_14:gap'],
    ['mobilenet-v1-0.75-224', 'classSpace'],
    ['mobilenet-v1-0.75-224', 'penultimate'],
  ];
  for (const [model, tap] of taps) {
    const acts = await cachedActivations('pets', images, model, MODEL_TAPS[model]);
    const ex = acts.tap(tap);
    const split = stratifiedSplit(ex.labelSets, TRAIN_SHARE, options.splitSeed);
    const train = selectExamples(ex, split.train);
    const test = selectExamples(ex, split.test);
    const part = (set: typeof train, cls: string): typeof train =>
      selectExamples(set, withClasses(set.labelSets, [cls]));
    for (const boundary of ['box', 'calibrated'] as SurpriseBoundary[]) {
      const r = asymmetryExperiment(
        {
          nameA: 'cat',
          nameB: 'dog',
          trainA: part(train, 'cat'),
          testA: part(test, 'cat'),
          trainB: part(train, 'dog'),
          testB: part(test, 'dog'),
        },
        { boundary, world: { tree: WORLD_TREE } },
      );
      rows.push({ ...r, model, tap, parameters: PARAMETERS[model] });
      options.log(
        `  asymmetry ${model}/${tap} (${boundary}): novel ${r.novel.asymmetry.toFixed(2)} pp, familiar ${r.familiar.asymmetry.toFixed(2)} pp`,
      );
    }
  }
  return rows;
}
