import { buildTree, type TreeBuildOptions } from '@clusterflow/clusterflow';
import { cachedActivations } from './lib/activation-cache.js';
import { listDataset } from './lib/dataset-files.js';
import { selectExamples } from '../src/index.js';
const ds = process.argv[2] ?? 'flowers';
const model = process.argv[3] ?? 'darknet-tiny';
const keys = (process.argv[4] ?? 'classSpace').split(',');
const imgs = listDataset(`/work/shared/data/images/${ds}`);
const acts = await cachedActivations(ds, imgs, model, []);
const configs: TreeBuildOptions[] = JSON.parse(process.argv[5] ?? '[{}]');
const gopts: Record<string, unknown>[] = JSON.parse(process.argv[6] ?? '[{}]');
for (const key of keys) {
  const ex = acts.tap(key);
  const train: number[] = [],
    test: number[] = [];
  for (let i = 0; i < ex.rows; i++) (i % 2 ? test : train).push(i);
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
