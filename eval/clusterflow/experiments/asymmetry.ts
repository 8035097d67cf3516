import {
  asymmetryExperiment,
  selectExamples,
  type AsymmetryResult,
  type SurpriseBoundary,
} from '@clusterflow/reasoning';
import { DATA_ROOT } from '../lib/experiment-config.js';
import { heldOutData, setsOf, type HeldOutProtocol } from '../lib/held-out.js';
import { withClasses } from '../lib/split.js';
import { TRAIN_SHARE, WORLD_TREE } from './relations.js';

export interface AsymmetryRow extends AsymmetryResult {
  model: string;
  tap: string;
  parameters: number;
  /** 'split' (80/20 of the data root's pets) or 'external' (all of them familiarise, EVAL_TEST_ROOT's pets test). */
  protocol?: HeldOutProtocol;
}

/** Parameter counts of the two bundled models (from their weight manifests). */
const PARAMETERS: Record<string, number> = { 'darknet-tiny': 1_046_488, 'mobilenet-v1-0.75-224': 2_601_976 };

/** Cat/dog asymmetry (paper §3.4, Table 6) on the pets set, train/test halves, for each model/tap and boundary. */
export async function runAsymmetry(options: {
  splitSeed: number;
  log: (l: string) => void;
}): Promise<AsymmetryRow[]> {
  const rows: AsymmetryRow[] = [];
  const pets = setsOf(DATA_ROOT).find((s) => s.name === 'pets');
  if (!pets?.classCounts.cat || !pets.classCounts.dog) {
    options.log(`  asymmetry skipped: no pets/{cat,dog} photo set under ${DATA_ROOT}`);
    return rows;
  }
  const taps: Array<[string, string]> = [
    ['darknet-tiny', 'classSpace'],
    ['darknet-tiny', 'leaky_re_lu_14:gap'],
    ['mobilenet-v1-0.75-224', 'classSpace'],
    ['mobilenet-v1-0.75-224', 'penultimate'],
  ];
  for (const [model, tap] of taps) {
    const { train, test, protocol } = await heldOutData({
      sources: ['pets'],
      classes: ['cat', 'dog'],
      model,
      tap,
      trainShare: TRAIN_SHARE,
      splitSeed: options.splitSeed,
    });
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
      rows.push({ ...r, model, tap, parameters: PARAMETERS[model], protocol });
      options.log(
        `  asymmetry ${model}/${tap} (${boundary}): novel ${r.novel.asymmetry.toFixed(2)} pp, familiar ${r.familiar.asymmetry.toFixed(2)} pp`,
      );
    }
  }
  return rows;
}
