// Probe: fooling vs real acceptance as a function of the calibration level α, on the fooling experiment's world
// (training 80 % of pets + flowers + the ImageNet val photos; real = held-out 20 %). Needs the fooling set
// (libs/extractors/scripts/make-fooling-set.ts). Usage: npx tsx eval/clusterflow/probes/probe-alpha.ts [tap ...]
import path from 'node:path';
import {
  buildWorld,
  concatExamples,
  selectExamples,
  worldMembership,
  type LabelledExamples,
} from '@clusterflow/reasoning';
import { cachedActivations } from '../lib/activation-cache.js';
import { listDataset } from '../lib/dataset-files.js';
import { DATA_ROOT, MODEL_TAPS } from '../lib/experiment-config.js';
import { stratifiedSplit } from '../lib/split.js';
import { foolingImages } from '../experiments/fooling.js';
import { TRAIN_SHARE, WORLD_TREE } from '../experiments/relations.js';

const model = 'darknet-tiny';
const taps = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['leaky_re_lu_14:gap', 'classSpace'];
const alphas = [0.01, 0.02, 0.05, 0.1, 0.2];
const { images: fooling, source } = foolingImages();
console.log(`fooling images: ${fooling.length} from ${source}`);
const acts = async (ds: string) =>
  cachedActivations(ds, listDataset(path.join(DATA_ROOT, ds)), model, MODEL_TAPS[model]);
const [pets, flowers, val, fool] = await Promise.all([
  acts('pets'),
  acts('flowers'),
  acts('imagenet-val'),
  cachedActivations('fooling', fooling, model, MODEL_TAPS[model]),
]);
console.log('| tap | α | CF accepts fooling | CF accepts real held-out | t_world / t_cluster |');
console.log('|---|---|---|---|---|');
for (const tap of taps) {
  const parts = [pets, flowers].map((a) => {
    const ex = a.tap(tap);
    const split = stratifiedSplit(ex.labelSets, TRAIN_SHARE, 0);
    return { train: selectExamples(ex, split.train), test: selectExamples(ex, split.test) };
  });
  const worldEx = concatExamples([parts[0].train, parts[1].train, val.tap(tap)]);
  const real = concatExamples([parts[0].test, parts[1].test]);
  const foolEx = fool.tap(tap);
  for (const alpha of alphas) {
    const world = buildWorld(worldEx, { tree: WORLD_TREE, calibration: { alpha } });
    const share = (ex: LabelledExamples): number => {
      let n = 0;
      for (let i = 0; i < ex.rows; i++) {
        const m = worldMembership(world, ex.data.subarray(i * ex.cols, (i + 1) * ex.cols));
        if (m.inWorld && (m.confidence ?? 0) >= 0.01) n++;
      }
      return (100 * n) / ex.rows;
    };
    const c = world.calibration;
    console.log(
      `| ${model} / ${tap} | ${alpha} | ${share(foolEx).toFixed(1)} % (${foolEx.rows}) | ${share(real).toFixed(1)} % (${real.rows}) | ${c.threshold.toFixed(2)} / ${c.clusterThreshold.toFixed(2)} |`,
    );
  }
}
