/**
 * Feature-space study (issue 17, part 1): which taps of the two bundled models, with or without a mirrored
 * test-time view, separate the photo kinds best per second of compute. Per set, a fixed stratified 50/50 split
 * (EVAL_SPLIT_SEED, default 0): kNN and the linear probe are fitted on one half and scored once on the other.
 * Writes docs/results/feature-spaces.json (the report's "Feature spaces" section: `npm run eval:report`).
 * Run: `npx tsx eval/clusterflow/feature-spaces.ts` (the view cache is filled on first use).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { combineTapViews, type TapMatrix } from '@clusterflow/extractors';
import { REPO_ROOT } from '../repo-root.js';
import { CACHE_ROOT } from './lib/activation-cache.js';
import { listDataset } from './lib/dataset-files.js';
import { DATA_ROOT } from './lib/experiment-config.js';
import { stratifiedSplit } from './lib/split.js';
import { knnAccuracy } from './feature-spaces/knn.js';
import { FEATURE_SPACE_CANDIDATES, type SpaceCandidate } from './feature-spaces/candidates.js';
import type { FeatureSpaceRow, FeatureSpaceStudy } from './feature-spaces/study-result.js';
import { STUDY_SETS } from './feature-spaces/study-sets.js';
import { viewActivations, type View } from './feature-spaces/view-cache.js';

const PYTHON = process.env.EVAL_PYTHON ?? '/usr/bin/python3';
const SPLIT_SEED = Number(process.env.EVAL_SPLIT_SEED ?? 0);
const PROBE_C = [0.1, 1, 10, 100];
const log = (l: string): void => console.log(l);

function probe(
  x: TapMatrix,
  labels: string[],
  train: number[],
  test: number[],
): { accuracy: number; C: number } {
  const dir = path.join(CACHE_ROOT, 'feature-spaces');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'probe-input.f32');
  writeFileSync(file, Buffer.from(x.data.buffer, x.data.byteOffset, x.data.byteLength));
  const run = spawnSync(PYTHON, [path.join(REPO_ROOT, 'eval/clusterflow/peers/feature_space_probe.py')], {
    input: JSON.stringify({ file, cols: x.cols, labels, train, test, C: PROBE_C }),
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (run.status !== 0) throw new Error(`linear probe failed: ${run.stderr.trim().split('\n').slice(-1)[0]}`);
  return JSON.parse(run.stdout) as { accuracy: number; C: number };
}

async function features(set: string, candidate: SpaceCandidate): Promise<{ x: TapMatrix; ms: number }> {
  const images = listDataset(path.join(DATA_ROOT, set));
  const views: View[] = candidate.tta ? ['orig', 'hflip'] : ['orig'];
  const parts: TapMatrix[][] = [];
  let ms = 0;
  for (const model of new Set(candidate.taps.map((t) => t.model))) {
    for (const view of views) ms += (await viewActivations(set, images, model, view, log)).msPerImage;
  }
  for (const t of candidate.taps) {
    const perView: TapMatrix[] = [];
    for (const view of views)
      perView.push((await viewActivations(set, images, t.model, view, log)).tap(t.tap));
    parts.push(perView);
  }
  return { x: combineTapViews(parts), ms };
}

const rows: FeatureSpaceRow[] = [];
for (const set of STUDY_SETS) {
  const images = listDataset(path.join(DATA_ROOT, set));
  const labels = images.map((i) => i.labels[0]);
  const split = stratifiedSplit(
    images.map((i) => i.labels),
    0.5,
    SPLIT_SEED,
  );
  for (const candidate of FEATURE_SPACE_CANDIDATES) {
    const { x, ms } = await features(set, candidate);
    const knn = knnAccuracy(x, labels, split.train, split.test, [1, 5]);
    const lin = probe(x, labels, split.train, split.test);
    const row: FeatureSpaceRow = {
      set,
      space: candidate.name,
      dims: x.cols,
      nn1: knn[1],
      knn5: knn[5],
      probe: lin.accuracy,
      probeC: lin.C,
      msPerImage: ms,
      imagesPerSecond: 1000 / ms,
      train: split.train.length,
      test: split.test.length,
    };
    rows.push(row);
    log(
      `${set.padEnd(10)} ${candidate.name.padEnd(28)} ${String(x.cols).padStart(5)}-d 1-NN ${(100 * row.nn1).toFixed(1)} 5-NN ${(100 * row.knn5).toFixed(1)} probe ${(100 * row.probe).toFixed(1)} (C ${lin.C}) ${row.imagesPerSecond.toFixed(1)} img/s`,
    );
  }
}
const study: FeatureSpaceStudy = {
  date: new Date().toISOString(),
  splitSeed: SPLIT_SEED,
  trainShare: 0.5,
  backend: 'wasm',
  candidates: FEATURE_SPACE_CANDIDATES.map((c) => ({
    name: c.name,
    taps: c.taps.map((t) => `${t.model}:${t.tap}`),
    tta: c.tta,
  })),
  rows,
};
writeFileSync(
  path.join(REPO_ROOT, 'docs/results/feature-spaces.json'),
  `${JSON.stringify(study, null, 2)}\n`,
);
log('wrote docs/results/feature-spaces.json');
