/** Fills the view cache of the feature-space study (run once, in the background: it is the expensive part). */
import path from 'node:path';
import { listDataset } from '../lib/dataset-files.js';
import { DATA_ROOT } from '../lib/experiment-config.js';
import { STUDY_SETS } from './study-sets.js';
import { STUDY_TAPS, viewActivations, type View } from './view-cache.js';

const views: View[] = ['orig', 'hflip'];
for (const set of STUDY_SETS)
  for (const view of views)
    for (const model of Object.keys(STUDY_TAPS))
      await viewActivations(set, listDataset(path.join(DATA_ROOT, set)), model, view, (l) => console.log(l));
console.log('done');
