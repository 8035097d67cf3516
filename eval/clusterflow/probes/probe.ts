import path from 'node:path';
import { buildTree, type TreeBuildOptions } from '@clusterflow/clusterflow';
import { cachedActivations } from '../lib/activation-cache.js';
import { listDataset } from '../lib/dataset-files.js';
import { DATA_ROOT } from '../lib/experiment-config.js';
import { selectExamples } from '@clusterflow/reasoning';
const ds = process.argv[2] ?? 'flowers';
const model = process.argv[3] ?? 'darknet-tiny';
const keys = (process.argv[4] ?? 'classSpace').split(',');
const imgs = listDataset(path.join(DATA_ROOT, ds));
const acts = await cachedActivations(ds, imgs, model, []);
const configs: TreeBuildOptions[] = JSON.parse(process.argv[5] ?? '[{}]');
const gopts: Record<string, unknown>[] = JSON.parse(process.argv[6] ?? '[{}]');
for (const key of keys) {
  const raw = acts.tap(key);
  const norm = process.env.NORM ?? 'none';
  const data = Float32Array.from(raw.data);
  for (let i = 0; i < raw.rows; i++) {
    const row = data.subarray(i * raw.cols, (i + 1) * raw.cols);
    if (norm === 'l2') {
      let s = 0;
      for (const v of row) s += v * v;
      const n = Math.sqrt(s) || 1;
      for (let j = 0; j < row.length; j++) row[j] /= n;
    }
    if (norm === 'sqrt')
      for (let j = 0; j < row.length; j++) row[j] = Math.sign(row[j]) * Math.sqrt(Math.abs(row[j]));
  }
  const ex = { ...raw, data };
  const train: number[] = [],
    test: number[] = [];
  const share = Number(process.env.SHARE ?? 2);
  for (let i = 0; i < ex.rows; i++) (i % share === 0 ? test : train).push(i);
  const tr = selectExamples(ex, train),
    te = selectExamples(ex, test);
  for (const cfg of configs) {
    const t0 = Date.now();
    const tree = buildTree(tr, tr.labelSets, cfg);
    const ms = Date.now() - t0;
    for (const go of gopts) {
      let right = 0,
        inside = 0;
      const src: Record<string, number> = {};
      for (let i = 0; i < te.rows; i++) {
        const g = tree.guess(te.data, { ...go, topK: 1, worldEscapeThreshold: Infinity }, i * te.cols);
        if (g.labels[0]?.label === te.labelSets[i][0]) right++;
        src[g.source] = (src[g.source] ?? 0) + 1;
        if (tree.membership(te.data, undefined, i * te.cols).evidence.world.escapeDistance === 0) inside++;
      }
      const s = tree.summary();
      console.log(
        key,
        JSON.stringify(cfg),
        JSON.stringify(go),
        `${ms}ms`,
        'acc',
        (right / te.rows).toFixed(3),
        'inBox',
        (inside / te.rows).toFixed(3),
        JSON.stringify(src),
        JSON.stringify(s.byKind),
        'leaves',
        s.leaves,
        JSON.stringify(s.leafReasons),
      );
    }
  }
}
