// N2D (autoencoder → UMAP → GMM) on MNIST and Fashion-MNIST, with k-means and DDC-FC rows for Fashion-MNIST.
// The autoencoder's epoch count is chosen on a validation part (the first EVAL_N2D_VALIDATION_ROWS MNIST training
// digits, default 5,000, disjoint from the reported 10,000 test digits) by its ACC there, among EVAL_N2D_SCHEDULE
// (default 2,5,10). Every run trains once through the schedule (each step resumes the previous step's
// checkpoint) and is scored at each step; the reported rows are the runs at the validation's choice.
// EVAL_N2D_SEEDS (default 3) seeds on MNIST, EVAL_N2D_FASHION_SEEDS (default 1) on Fashion-MNIST (every 7th row
// of the package's 70,000 = 10,000 rows, 1,000 per class). Each run is its own process, all at once (nice them).
// Writes eval/ddc/n2d-results.json after every step and docs/results/deep-clustering.md at the end.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import {
  adjustedRandIndex,
  clusteringAccuracy,
  kmeans,
  normalizedMutualInformation,
  pointMatrix,
} from '@clusterflow/clusterflow';
import { DDC, ensureBackend, loadFashionMnist } from '@clusterflow/deep-clustering';
import { writeAllReports, type N2dResults, type N2dRun, type ScoredRun } from './write-report.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const file = path.join(root, 'eval/ddc/n2d-results.json');
const env = (name: string, fallback: number): number =>
  process.env[name] ? Number(process.env[name]) : fallback;
const schedule = (process.env.EVAL_N2D_SCHEDULE ?? '2,5,10').split(',').map(Number);
const seeds = env('EVAL_N2D_SEEDS', 3);
const fashionSeeds = env('EVAL_N2D_FASHION_SEEDS', 1);
const validationRows = env('EVAL_N2D_VALIDATION_ROWS', 5000);
const backend = await ensureBackend('auto', (line) => console.error(line));
const tmp = await mkdtemp(path.join(os.tmpdir(), 'n2d-eval-'));

const score = (
  labels: ArrayLike<number>,
  predicted: ArrayLike<number>,
): { acc: number; nmi: number; ari: number } => {
  const t = Int32Array.from(labels);
  const p = Int32Array.from(predicted);
  return {
    acc: clusteringAccuracy(t, p),
    nmi: normalizedMutualInformation(t, p),
    ari: adjustedRandIndex(t, p),
  };
};

const results: N2dResults = {
  backend: `${backend.kind}${backend.kind === 'wasm' ? ` (simd ${backend.simd ? 'on' : 'off'}, threads ${backend.threads})` : ''}`,
  startedAt: new Date().toISOString(),
  schedule,
  validation: { data: `MNIST training digits 0–${validationRows - 1}`, seed: 100, points: [] },
  mnist: { data: 'MNIST test split (t10k, 10,000 digits)', runs: [] },
  fashion: {
    data: 'Fashion-MNIST, every 7th row (10,000 rows, 1,000 per class)',
    runs: [],
    kmeans: [],
    ddcFc: [],
  },
};
const save = (): Promise<void> => writeFile(file, JSON.stringify(results, null, 2) + '\n');

/** Trains one run through the schedule (each step resumes the last checkpoint) and scores every step. */
async function chain(dataset: string, subset: string, seed: number, sink: N2dRun[]): Promise<void> {
  const checkpoint = path.join(tmp, `${dataset}-${subset}-${seed}.ckpt`);
  for (const epochs of schedule) {
    const out = path.join(tmp, `${dataset}-${subset}-${seed}-${epochs}.json`);
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(
        process.execPath,
        [
          ...process.execArgv,
          path.join(root, 'eval/ddc/run-n2d-seed.ts'),
          dataset,
          subset,
          String(seed),
          String(epochs),
          out,
          checkpoint,
        ],
        { stdio: ['ignore', 'inherit', 'inherit'] },
      );
      child.on('exit', resolve);
    });
    if (code !== 0 || !existsSync(out)) {
      console.error(
        `[eval] n2d ${dataset} ${subset} seed ${seed} at ${epochs} epochs failed (exit ${code}); chain stopped`,
      );
      return;
    }
    const run = JSON.parse(await readFile(out, 'utf8')) as {
      rows: number;
      seconds: number;
      stages: { autoencoder: number; umap: number; gmm: number };
      history: { epoch: number; loss: number; seconds: number }[];
      labels: number[];
      assignments: number[];
    };
    const aeSeconds = run.history.reduce((s, e) => s + e.seconds, 0);
    sink.push({
      seed,
      epochs,
      rows: run.rows,
      ...score(run.labels, run.assignments),
      seconds: aeSeconds + run.stages.umap + run.stages.gmm,
      autoencoderSeconds: aeSeconds,
      umapSeconds: run.stages.umap,
      gmmSeconds: run.stages.gmm,
      reconstructionMse: run.history[run.history.length - 1].loss,
    });
    const last = sink[sink.length - 1];
    console.error(
      `[eval] n2d ${dataset} ${subset} seed ${seed} @ ${epochs} epochs: ACC ${(last.acc * 100).toFixed(1)} %`,
    );
    await save();
  }
}

const chains = [
  chain('mnist', `train-${validationRows}`, 100, results.validation.points),
  ...Array.from({ length: seeds }, (_, s) => chain('mnist', 'test', s, results.mnist.runs)),
  ...Array.from({ length: fashionSeeds }, (_, s) =>
    chain('fashion-mnist', 'every-7', s, results.fashion.runs),
  ),
];

// Fashion-MNIST baselines in this process while the N2D runs train.
const all = await loadFashionMnist();
const keep: number[] = [];
for (let i = 0; i < all.rows; i += 7) keep.push(i);
const data = new Float32Array(keep.length * all.cols);
keep.forEach((r, i) => data.set(all.data.subarray(r * all.cols, (r + 1) * all.cols), i * all.cols));
const fashion = { ...all, data, rows: keep.length, labels: Int32Array.from(keep, (r) => all.labels[r]) };
for (let seed = 0; seed < 3; seed++) {
  const started = performance.now();
  const km = kmeans(pointMatrix(fashion.data, fashion.rows, fashion.cols), { k: 10, seed });
  const run: ScoredRun = {
    seed,
    seconds: (performance.now() - started) / 1000,
    ...score(fashion.labels, km.assignments),
  };
  results.fashion.kmeans.push(run);
  console.error(`[eval] fashion k-means seed ${seed}: ACC ${(run.acc * 100).toFixed(1)} %`);
}
await save();
const ddcEpochs = env('EVAL_FASHION_DDC_EPOCHS', 5);
{
  const started = performance.now();
  const model = await new DDC({ k: 10, variant: 'fc', epochs: ddcEpochs, seed: 0 }).fit(fashion);
  const run: ScoredRun = {
    seed: 0,
    seconds: (performance.now() - started) / 1000,
    epochs: ddcEpochs,
    ...score(fashion.labels, model.predict(fashion)),
  };
  model.dispose();
  results.fashion.ddcFc.push(run);
  console.error(`[eval] fashion DDC-FC (${ddcEpochs} epochs): ACC ${(run.acc * 100).toFixed(1)} %`);
  await save();
}

await Promise.all(chains);
results.finishedAt = new Date().toISOString();
await save();
await writeAllReports(root);
console.error('[eval] wrote eval/ddc/n2d-results.json and docs/results/deep-clustering.md');
