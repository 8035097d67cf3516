// Probe: CNN-softmax class posteriors as the combined strategy on imagenet4 (no world), several base-rate L.
import path from 'node:path';
import {
  allTriplets,
  sampleTriplets,
  decideTriplet,
  likelihoodsFromClassPosteriors,
  softmax,
  uniformClassBaseRates,
  selectExamples,
} from '@clusterflow/reasoning';
import { cachedActivations } from '../lib/activation-cache.js';
import { listDataset } from '../lib/dataset-files.js';
import { DATA_ROOT } from '../lib/experiment-config.js';
const ds = process.argv[2] ?? 'imagenet4';
const acts = await cachedActivations(ds, listDataset(path.join(DATA_ROOT, ds)), 'darknet-tiny', []);
const cs = acts.tap('classSpace');
const classes = [...new Set(cs.labelSets.map((l) => l[0]))].sort();
const classOf = cs.labelSets.map((l) => classes.indexOf(l[0]));
const post = Array.from({ length: cs.rows }, (_, i) =>
  softmax(cs.data.subarray(i * cs.cols, (i + 1) * cs.cols)),
);
for (const L of [1, 4, 10, 100, 1000]) {
  const res: string[] = [];
  for (const task of ['SET', 'SAME_SAME_DIFFERENT', 'ANTISET'] as const) {
    const ts = cs.rows > 50 ? sampleTriplets(classOf, task, 300, 1) : allTriplets(classOf, task);
    let ok = 0;
    for (const t of ts) {
      const d = decideTriplet(
        likelihoodsFromClassPosteriors([post[t.indices[0]], post[t.indices[1]], post[t.indices[2]]]),
        undefined,
        uniformClassBaseRates(L),
      );
      if (d.relation === t.relation && (task !== 'SAME_SAME_DIFFERENT' || d.oddIndex === t.oddIndex)) ok++;
    }
    res.push(`${task} ${((100 * ok) / ts.length).toFixed(1)}`);
  }
  console.log('L', L, res.join('  '));
}
void selectExamples;
