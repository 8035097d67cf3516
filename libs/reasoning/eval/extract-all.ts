/** Fills the activation cache for every dataset the harness uses (run once; the harness also calls it lazily). */
import path from 'node:path';
import { cachedActivations } from './lib/activation-cache.js';
import { listDataset } from './lib/dataset-files.js';
import { DATA_ROOT, DATASETS, MODEL_TAPS } from './lib/experiment-config.js';

for (const [model, taps] of Object.entries(MODEL_TAPS)) {
  for (const ds of DATASETS) {
    const images = listDataset(path.join(DATA_ROOT, ds));
    await cachedActivations(ds, images, model, taps, (l) => console.log(l));
  }
}
