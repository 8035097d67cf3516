/**
 * Within-domain relations (issue 17, part 4): Table-5-style SET / SSD / ANTISET accuracy and confusion matrices for
 * flowers4, flowers, pets and a pets + flowers world, default space vs the named feature spaces × the posterior
 * reader (today's default) vs the calibrated reader. Worlds are built from one half of the photos (stratified
 * 50/50, EVAL_SPLIT_SEED), triplets (EVAL_TRIPLETS per task, EVAL_SEED) come only from the other half. Writes
 * docs/results/within-domain.json (report section "Within-domain relations": `npm run eval:report`).
 * With a world head (issue 17 item 2): on HEAD_SPACES the world is also built in the space of an embedding head
 * trained on the build half only (silhouette, Cosine-COREL), the loss chosen by 1-NN on a split of the build half.
 * Run: `npx tsx eval/clusterflow/within-domain.ts` (uses the feature-space study's view cache).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  combineTapViews,
  createFeatureSpaceExtractor,
  FEATURE_SPACE_TAP,
  getFeatureSpace,
  type TapMatrix,
} from '@clusterflow/extractors';
import {
  buildWorld,
  calibrateRelationReader,
  emptyConfusion,
  relation,
  sampleTriplets,
  selectExamples,
  type LabelledExamples,
  type Relation,
  type RelationConfusion,
} from '@clusterflow/reasoning';
import { trainHeadSpace } from '@clusterflow/deep-clustering';
import { REPO_ROOT } from '../repo-root.js';
import { chooseHeadLoss, HEAD_LOSSES, HEAD_OPTIONS, type HeadLoss } from './feature-spaces/world-head.js';
import { listDataset, type DatasetImage } from './lib/dataset-files.js';
import { DATA_ROOT } from './lib/experiment-config.js';
import { stratifiedSplit } from './lib/split.js';
import { viewActivations, type View } from './feature-spaces/view-cache.js';
import type { HeadChoice, WithinDomainResult, WithinDomainRow } from './feature-spaces/study-result.js';

const TRIPLETS = Number(process.env.EVAL_TRIPLETS ?? 200);
const SEED = Number(process.env.EVAL_SEED ?? 1);
const SPLIT_SEED = Number(process.env.EVAL_SPLIT_SEED ?? 0);
const TASKS: Relation[] = ['SET', 'SAME_SAME_DIFFERENT', 'ANTISET'];
const log = (l: string): void => console.log(l);
/** Spaces that also get a world head (the best of the study; a head per space costs a training run). */
const HEAD_SPACES = (process.env.EVAL_HEAD_SPACES ?? 'dual-pooled-flip').split(',');

/** A space for the study: the default world tap as the gateway uses it (raw), or a registered feature space. */
const SPACES: { name: string; model: string; tap: string }[] = [
  { name: 'default (darknet l14 raw)', model: 'darknet-tiny', tap: 'leaky_re_lu_14:gap' },
  { name: 'mobilenet-pooled', model: 'mobilenet-pooled', tap: FEATURE_SPACE_TAP },
  { name: 'dual-pooled-flip', model: 'dual-pooled-flip', tap: FEATURE_SPACE_TAP },
];

const DATASETS: { name: string; parts: { set: string; classes?: string[] }[] }[] = [
  { name: 'flowers4', parts: [{ set: 'flowers', classes: ['daisy', 'dandelion', 'rose', 'tulip'] }] },
  { name: 'flowers', parts: [{ set: 'flowers' }] },
  { name: 'pets', parts: [{ set: 'pets' }] },
  { name: 'pets+flowers', parts: [{ set: 'pets' }, { set: 'flowers' }] },
];

async function spaceOf(
  set: string,
  images: DatasetImage[],
  space: (typeof SPACES)[number],
): Promise<TapMatrix> {
  if (space.tap !== FEATURE_SPACE_TAP) {
    return (await viewActivations(set, images, space.model, 'orig', log)).tap(space.tap);
  }
  const d = getFeatureSpace(space.model);
  const parts: TapMatrix[][] = [];
  for (const t of d.taps) {
    const views: TapMatrix[] = [];
    for (const v of d.views)
      views.push((await viewActivations(set, images, t.model, v as View, log)).tap(t.tap));
    parts.push(views);
  }
  return combineTapViews(parts);
}

/** The cache-built rows must be what the registered extractor gives for the same photos (checked on 4). */
async function checkAgainstExtractor(
  name: string,
  images: DatasetImage[],
  cached: TapMatrix,
): Promise<number> {
  const fx = await createFeatureSpaceExtractor(name, { backend: 'wasm' });
  const picks = [0, 1, images.length - 2, images.length - 1];
  const direct = await fx.extract(picks.map((i) => images[i].file));
  fx.dispose();
  let worst = 0;
  picks.forEach((r, k) => {
    for (let j = 0; j < cached.cols; j++)
      worst = Math.max(worst, Math.abs(direct.data[k * cached.cols + j] - cached.data[r * cached.cols + j]));
  });
  return worst;
}

const rows: WithinDomainRow[] = [];
const checks: Record<string, number> = {};
const headChoice: Record<string, HeadChoice> = {};
for (const ds of DATASETS) {
  for (const space of SPACES) {
    const blocks: LabelledExamples[] = [];
    for (const part of ds.parts) {
      const images = listDataset(path.join(DATA_ROOT, part.set));
      const x = await spaceOf(part.set, images, space);
      if (space.tap === FEATURE_SPACE_TAP && checks[`${space.model}/${part.set}`] === undefined)
        checks[`${space.model}/${part.set}`] = await checkAgainstExtractor(space.model, images, x);
      const ex: LabelledExamples = { ...x, labelSets: images.map((i) => i.labels) };
      const keep = images.flatMap((img, i) =>
        part.classes === undefined || part.classes.includes(img.labels[0]) ? [i] : [],
      );
      blocks.push(selectExamples(ex, keep));
    }
    const all: LabelledExamples = {
      data: Float32Array.from(blocks.flatMap((b) => [...b.data])),
      rows: blocks.reduce((a, b) => a + b.rows, 0),
      cols: blocks[0].cols,
      labelSets: blocks.flatMap((b) => b.labelSets.map((l) => [...l])),
    };
    const split = stratifiedSplit(all.labelSets, 0.5, SPLIT_SEED);
    const train = selectExamples(all, split.train);
    const test = selectExamples(all, split.test);
    const heads: (HeadLoss | 'none')[] = HEAD_SPACES.includes(space.name)
      ? ['none', ...HEAD_LOSSES]
      : ['none'];
    if (heads.length > 1) {
      // The loss is chosen on the build half alone (its own 50/50 split); the held-out half only reports.
      const choice = await chooseHeadLoss(train, SPLIT_SEED + 1);
      headChoice[`${ds.name}/${space.name}`] = choice;
      log(
        `${ds.name} ${space.name} head choice (1-NN on a split of the build half): ${JSON.stringify(choice)}`,
      );
    }
    for (const head of heads) {
      const t0 = Date.now();
      const headSpace =
        head === 'none' ? undefined : await trainHeadSpace(train, { ...HEAD_OPTIONS, loss: head });
      const headSeconds = (Date.now() - t0) / 1000;
      const world = buildWorld(train, {
        name: `${ds.name}-half`,
        model: space.model,
        tap: space.tap,
        ...(headSpace ? { space: headSpace } : {}),
      });
      const buildSeconds = (Date.now() - t0) / 1000;
      const t1 = Date.now();
      const probeReader = calibrateRelationReader(world, { posterior: 'probe' });
      const probeSeconds = (Date.now() - t1) / 1000;
      const t2 = Date.now();
      const knnReader = calibrateRelationReader(world, { posterior: 'neighbours' });
      const knnSeconds = (Date.now() - t2) / 1000;
      const readers = [
        { name: 'posterior', reader: undefined, seconds: 0 },
        { name: 'calibrated (neighbours)', reader: knnReader, seconds: knnSeconds },
        { name: 'calibrated (probe)', reader: probeReader, seconds: probeSeconds },
      ] as const;
      const labels = [...new Set(test.labelSets.map((l) => l[0]))].sort();
      const classOf = test.labelSets.map((l) => labels.indexOf(l[0]));
      for (const r of readers) {
        const readerName = r.name;
        const confusion: RelationConfusion = emptyConfusion();
        const accuracy: Partial<Record<Relation, number>> = {};
        const oddOneOut: { right: number; of: number } = { right: 0, of: 0 };
        TASKS.forEach((task, k) => {
          if (task === 'ANTISET' && labels.length < 3) return;
          const triplets = sampleTriplets(classOf, task, TRIPLETS, SEED * 100 + k);
          let right = 0;
          for (const t of triplets) {
            const data = new Float32Array(3 * test.cols);
            t.indices.forEach((r, i) =>
              data.set(test.data.subarray(r * test.cols, (r + 1) * test.cols), i * test.cols),
            );
            const a = relation(
              { vectors: { data, rows: 3, cols: test.cols } },
              r.reader === undefined
                ? { world }
                : { world, reader: 'calibrated', readerCalibration: r.reader },
            );
            confusion[task][a.relation]++;
            if (a.relation === task && (task !== 'SAME_SAME_DIFFERENT' || a.oddIndex === t.oddIndex)) right++;
            if (task === 'SAME_SAME_DIFFERENT' && a.relation === task) {
              oddOneOut.of++;
              if (a.oddIndex === t.oddIndex) oddOneOut.right++;
            }
          }
          accuracy[task] = right / triplets.length;
        });
        const row: WithinDomainRow = {
          dataset: ds.name,
          space: space.name,
          head,
          headTrainSeconds: headSeconds,
          reader: readerName,
          labels: labels.length,
          worldPhotos: train.rows,
          testPhotos: test.rows,
          triplets: TRIPLETS,
          accuracy,
          confusion,
          oddWhenSsd: oddOneOut.of > 0 ? oddOneOut.right / oddOneOut.of : null,
          worldBuildSeconds: buildSeconds,
          readerFitSeconds: r.seconds,
          readerHeldOut: r.reader?.heldOut.accuracy ?? null,
        };
        rows.push(row);
        const pc = (v: number | undefined): string =>
          v === undefined ? '  n/a' : `${(100 * v).toFixed(1)}`.padStart(5);
        log(
          `${ds.name.padEnd(13)} ${space.name.padEnd(26)} ${head.padEnd(12)} ${readerName.padEnd(24)} SET ${pc(accuracy.SET)} SSD ${pc(accuracy.SAME_SAME_DIFFERENT)} ANTI ${pc(accuracy.ANTISET)}  ` +
            `confusion ${TASKS.map((t) => TASKS.map((u) => confusion[t][u]).join('/')).join(' | ')}  build ${buildSeconds.toFixed(1)} s, reader fit ${r.seconds.toFixed(1)} s`,
        );
      }
    }
  }
}
const result: WithinDomainResult = {
  date: new Date().toISOString(),
  seed: SEED,
  splitSeed: SPLIT_SEED,
  triplets: TRIPLETS,
  extractorCheck: checks,
  headOptions: { ...HEAD_OPTIONS },
  headChoice,
  rows,
};
writeFileSync(
  path.join(REPO_ROOT, 'docs/results/within-domain.json'),
  `${JSON.stringify(result, null, 2)}\n`,
);
log(`extractor check (max |cache − createFeatureSpaceExtractor|): ${JSON.stringify(checks)}`);
log('wrote docs/results/within-domain.json');
