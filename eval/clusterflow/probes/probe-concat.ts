// Probe: held-out guess accuracy of a world over concatenated taps (each block scaled to unit mean row norm).
import path from 'node:path';
import { buildTree } from '@clusterflow/clusterflow';
import { selectExamples, type LabelledExamples } from '@clusterflow/reasoning';
import { cachedActivations } from '../lib/activation-cache.js';
import { listDataset } from '../lib/dataset-files.js';
import { DATA_ROOT } from '../lib/experiment-config.js';
import { stratifiedSplit, withClasses } from '../lib/split.js';
const ds = process.argv[2] ?? 'flowers';
const specs = (process.argv[3] ?? 'darknet-tiny:leaky_re_lu_14:gap,mobilenet-v1-0.75-224:penultimate').split(
  ',',
);
const imgs = listDataset(path.join(DATA_ROOT, ds));
const blocks: LabelledExamples[] = [];
for (const s of specs) {
  const [model, ...rest] = s.split(':');
  const acts = await cachedActivations(ds, imgs, model, []);
  blocks.push(acts.tap(rest.join(':')));
}
const rows = blocks[0].rows;
const cols = blocks.reduce((a, b) => a + b.cols, 0);
const data = new Float32Array(rows * cols);
let off = 0;
for (const b of blocks) {
  let norm = 0;
  for (let i = 0; i < b.data.length; i++) norm += b.data[i] * b.data[i];
  const scale = 1 / Math.sqrt(norm / rows);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < b.cols; j++) data[i * cols + off + j] = b.data[i * b.cols + j] * scale;
  off += b.cols;
}
let ex: LabelledExamples = { data, rows, cols, labelSets: blocks[0].labelSets };
if (ds === 'flowers')
  ex = selectExamples(ex, withClasses(ex.labelSets, ['daisy', 'dandelion', 'rose', 'tulip']));
const split = stratifiedSplit(ex.labelSets, 0.8, 0);
const tr = selectExamples(ex, split.train);
const te = selectExamples(ex, split.test);
const tree = buildTree(tr, tr.labelSets, { seeding: 'kmeans', k: 1024, margin: 0 });
let right = 0;
for (let i = 0; i < te.rows; i++)
  if (
    tree.guess(te.data, { topK: 1, nearbyCount: 9, worldEscapeThreshold: Infinity }, i * te.cols).labels[0]
      ?.label === te.labelSets[i][0]
  )
    right++;
console.log(specs.join('+'), 'held-out acc', (right / te.rows).toFixed(3), te.rows);
