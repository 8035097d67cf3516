// One N2D run in its own process (crash isolation, as run-ddc-seed.ts). Usage:
//   tsx run-n2d-seed.ts <mnist|fashion-mnist> <subset: all|train|test|first-N> <seed> <epochs> <out.json> [checkpoint]
// Writes the run's assignments, autoencoder history and the wall time of each stage. With a checkpoint path an
// existing checkpoint is resumed (so a schedule of growing epoch counts trains the autoencoder only once).
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { N2D, ensureBackend, loadFashionMnist, loadMnist, type Dataset } from '@clusterflow/deep-clustering';

const [dataset, subset, seedText, epochsText, out, checkpoint] = process.argv.slice(2);
const seed = Number(seedText);
const epochs = Number(epochsText);
await ensureBackend('auto');

/** MNIST `test` = the 10,000 t10k digits; `train-N` = the first N training digits; Fashion-MNIST `first-N`. */
async function load(): Promise<Dataset> {
  if (dataset === 'mnist') {
    if (subset.startsWith('train-')) return loadMnist({ subset: 'train', limit: Number(subset.slice(6)) });
    return loadMnist({ subset: subset as 'all' | 'train' | 'test' });
  }
  const all = await loadFashionMnist();
  if (subset === 'all') return all;
  // Fashion-MNIST's package stores the rows class by class: take every n-th row for a class-balanced subset.
  const n = Number(subset.slice('every-'.length));
  const keep: number[] = [];
  for (let i = 0; i < all.rows; i += n) keep.push(i);
  const data = new Float32Array(keep.length * all.cols);
  keep.forEach((r, i) => data.set(all.data.subarray(r * all.cols, (r + 1) * all.cols), i * all.cols));
  return { ...all, data, rows: keep.length, labels: Int32Array.from(keep, (r) => all.labels[r]) };
}
const data = await load();
const stages = { autoencoder: 0, umap: 0, gmm: 0 };
const started = performance.now();
const model = await new N2D({ k: 10, epochs, seed }).fit(data, {
  ...(checkpoint === undefined ? {} : { checkpointPath: checkpoint }),
  ...(checkpoint !== undefined && existsSync(checkpoint) ? { resumeFrom: checkpoint } : {}),
  onProgress: (p) => {
    if (p.stage === 'autoencoder') {
      stages.autoencoder += p.seconds;
      console.error(
        `[eval] n2d ${dataset} seed ${seed} ae epoch ${p.step}/${p.steps}: mse ${p.loss?.toFixed(5)} (${p.seconds.toFixed(0)} s)`,
      );
    } else {
      stages[p.stage] = p.seconds;
      if (p.stage === 'gmm' || p.step === p.steps)
        console.error(`[eval] n2d ${dataset} seed ${seed} ${p.stage} done in ${p.seconds.toFixed(0)} s`);
    }
  },
});
const assignments = Array.from(model.assignments);
const history = model.history;
model.dispose();
await writeFile(
  out,
  JSON.stringify({
    dataset: data.name,
    rows: data.rows,
    seed,
    seconds: (performance.now() - started) / 1000,
    stages,
    history,
    labels: Array.from(data.labels),
    assignments,
  }),
);
