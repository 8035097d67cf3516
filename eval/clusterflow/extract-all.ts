/** Fills the activation cache for every photo set under the data root (run once; the harness also calls it lazily). */
import { cachedActivations } from './lib/activation-cache.js';
import { DATA_ROOT, MODEL_TAPS } from './lib/experiment-config.js';
import { photoSets } from './lib/relation-datasets.js';

for (const [model, taps] of Object.entries(MODEL_TAPS)) {
  for (const set of photoSets(DATA_ROOT)) {
    await cachedActivations(set.name, set.images, model, taps, (l) => console.log(l));
  }
}
