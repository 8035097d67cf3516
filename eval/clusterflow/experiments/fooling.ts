import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  buildWorld,
  concatExamples,
  rowDistance,
  worldMembership,
  type LabelledExamples,
  type World,
} from '@clusterflow/reasoning';
import { REPO_ROOT } from '../../repo-root.js';
import { cachedActivations, CACHE_ROOT } from '../lib/activation-cache.js';
import { auroc } from '../lib/auroc.js';
import type { DatasetImage } from '../lib/dataset-files.js';
import { CALIBRATION_SET, DATA_ROOT, MODEL_TAPS } from '../lib/experiment-config.js';
import { MIN_WORLD_PHOTOS_PER_CLASS, relationDatasets } from '../lib/relation-datasets.js';
import { heldOutData, setsOf, type HeldOutProtocol } from '../lib/held-out.js';
import { TRAIN_SHARE, WORLD_TREE } from './relations.js';

export interface FoolingRow {
  model: string;
  tap: string;
  worldExamples: number;
  realHeldOut: number;
  fooling: number;
  /** % of fooling images the CNN (darknet softmax, the model they were made for) gives ≥ 99 %. */
  cnnConfident: number;
  /** % of fooling images ClusterFlow accepts: in the world with confidence ≥ 1 %. */
  clusterflowAcceptsFooling: number;
  /** % of held-out real photos accepted by the same rule. */
  clusterflowAcceptsReal: number;
  /** % of fooling images strictly inside the world box (escape 0). */
  foolingInsideBox: number;
  /** % of fooling images farther than the calibrated nearest-cluster threshold. */
  foolingFarFromClusters: number;
  /**
   * AUROC, real = positive. ClusterFlow: −max(escape/t_world, clusterDistance/t_cluster) (the membership rule as
   * one score); world box only: −escape; baselines: MSP (reported in its useful orientation, high = fooling) and
   * −distance to the nearest training vector.
   */
  aurocClusterflow: number;
  aurocWorldBoxOnly: number;
  aurocMaxSoftmax: number;
  aurocNearestNeighbour: number;
  threshold: number;
  clusterThreshold: number;
}

/** Acceptance of fooling and real held-out photos at one calibration level α (same world data, same rule). */
export interface AlphaSweepRow {
  model: string;
  tap: string;
  alpha: number;
  clusterflowAcceptsFooling: number;
  clusterflowAcceptsReal: number;
  threshold: number;
  clusterThreshold: number;
}

/** Calibration levels swept on the sweep tap (the library default, 0.1, is one of them). */
export const SWEEP_ALPHAS = [0.02, 0.05, 0.1, 0.2];
const SWEEP_TAP = ['darknet-tiny', 'leaky_re_lu_14:gap'];

/** % of `ex` rows the world accepts: a member with ClusterFlow confidence ≥ 1 %. */
function acceptedShare(world: World, ex: LabelledExamples): number {
  let n = 0;
  for (let i = 0; i < ex.rows; i++) {
    const m = worldMembership(world, ex.data.subarray(i * ex.cols, (i + 1) * ex.cols));
    if (m.inWorld && (m.confidence ?? 0) >= 0.01) n++;
  }
  return (100 * n) / ex.rows;
}

/** Reads the fooling set's manifest (eval set if generated, else the 6 test fixtures) as dataset images. */
export function foolingImages(): { images: DatasetImage[]; source: string } {
  const evalDir = path.join(CACHE_ROOT, 'fooling');
  const fixtureDir = path.join(REPO_ROOT, 'libs/extractors/tests/fixtures/fooling');
  for (const dir of [evalDir, fixtureDir]) {
    const file = path.join(dir, 'manifest.json');
    if (!existsSync(file)) continue;
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as {
      images: Array<{ file: string; name: string; converged: boolean }>;
    };
    const images = manifest.images
      .filter((m) => m.converged && existsSync(path.join(dir, m.file)))
      .map((m) => ({ id: m.file, file: path.join(dir, m.file), labels: [`fooling:${m.name}`] }));
    if (images.length > 0) return { images, source: dir };
  }
  return { images: [], source: 'none' };
}

/** The fooling experiment's output (docs/results/fooling.json). */
export interface FoolingResult {
  rows: FoolingRow[];
  /** Folder the fooling images came from ('none' when there were none). */
  source: string;
  alphaSweep: AlphaSweepRow[];
  /**
   * The photo sets that build the world and give the real photos, in world order, each with how: 'split' (80 %
   * builds, the held-out 20 % are real) or 'external' (all of it builds, EVAL_TEST_ROOT's photos are real).
   */
  realProtocols?: Record<string, HeldOutProtocol>;
  /** The labelled ImageNet set added whole to the world, when present. */
  calibrationSet?: string;
  /** Why the experiment did not run, when it did not. */
  skipped?: string;
}

/**
 * Fooling resilience (paper Table 4) per tap: a world over the training parts (80 %) of every photo set large
 * enough for a world (pets and flowers here) plus the ImageNet validation photos; their held-out 20 % are the
 * real photos.
 */
export async function runFooling(options: {
  splitSeed: number;
  log: (l: string) => void;
}): Promise<FoolingResult> {
  const { images: fooling, source } = foolingImages();
  if (fooling.length === 0) return { rows: [], source, alphaSweep: [], skipped: 'no fooling images' };
  const sets = setsOf(DATA_ROOT);
  const realSets = relationDatasets(sets)
    .datasets.filter((d) => d.mode === 'world' && d.classes === undefined)
    .map((d) => sets.find((s) => s.name === d.sources[0]))
    .filter((s) => s !== undefined);
  const calibration = sets.find((s) => s.name === CALIBRATION_SET);
  if (realSets.length === 0) {
    const skipped = `no photo set under ${DATA_ROOT} has ≥ ${MIN_WORLD_PHOTOS_PER_CLASS} photos in every class`;
    options.log(`  fooling skipped: ${skipped}`);
    return { rows: [], source, alphaSweep: [], skipped };
  }
  const rows: FoolingRow[] = [];
  const alphaSweep: AlphaSweepRow[] = [];
  const taps: Array<[string, string]> = [
    ['darknet-tiny', 'classSpace'],
    ['darknet-tiny', 'softmax'],
    ['darknet-tiny', 'leaky_re_lu_14:gap'],
    ['darknet-tiny', 'leaky_re_lu_15:gap'],
    ['mobilenet-v1-0.75-224', 'classSpace'],
    ['mobilenet-v1-0.75-224', 'penultimate'],
  ];
  const darkFool = await cachedActivations('fooling', fooling, 'darknet-tiny', MODEL_TAPS['darknet-tiny']);
  const foolProbs = darkFool.tap('softmax');
  const msp = (ex: LabelledExamples, i: number): number => {
    let m = 0;
    for (let j = 0; j < ex.cols; j++) m = Math.max(m, ex.data[i * ex.cols + j]);
    return m;
  };
  const protocols: Record<string, HeldOutProtocol> = {};
  for (const [model, tap] of taps) {
    const parts = await Promise.all(
      realSets.map(async (set) => {
        const common = { sources: [set.name], model, trainShare: TRAIN_SHARE, splitSeed: options.splitSeed };
        const { train, test, protocol } = await heldOutData({ ...common, tap });
        protocols[set.name] = protocol;
        return { train, test, testProbs: (await heldOutData({ ...common, tap: 'softmax' })).test };
      }),
    );
    const val = calibration
      ? (await cachedActivations(calibration.name, calibration.images, model, MODEL_TAPS[model])).tap(tap)
      : undefined;
    const worldEx = concatExamples([...parts.map((p) => p.train), ...(val ? [val] : [])]);
    const real = concatExamples(parts.map((p) => p.test));
    const realProbs = concatExamples(parts.map((p) => p.testProbs));
    const fool = (await cachedActivations('fooling', fooling, model, MODEL_TAPS[model])).tap(tap);
    const t0 = Date.now();
    const worldName = [...realSets.map((x) => x.name), ...(calibration ? [calibration.name] : [])].join('+');
    const world = buildWorld(worldEx, { name: worldName, model, tap, tree: WORLD_TREE });
    const { threshold, clusterThreshold } = world.calibration;
    const accepted = (
      ex: LabelledExamples,
    ): { share: number; scores: number[]; boxScores: number[]; inside: number; far: number } => {
      let acc = 0;
      let inside = 0;
      let far = 0;
      const scores: number[] = [];
      const boxScores: number[] = [];
      for (let i = 0; i < ex.rows; i++) {
        const m = worldMembership(world, ex.data.subarray(i * ex.cols, (i + 1) * ex.cols));
        if (m.inWorld && (m.confidence ?? 0) >= 0.01) acc++;
        const e = m.evidence.world.escapeDistance;
        const dc = m.evidence.nearestCluster.distance;
        if (e === 0) inside++;
        if (dc > clusterThreshold) far++;
        scores.push(-Math.max(e / Math.max(threshold, 1e-12), dc / Math.max(clusterThreshold, 1e-12)));
        boxScores.push(-e);
      }
      return {
        share: (100 * acc) / ex.rows,
        scores,
        boxScores,
        inside: (100 * inside) / ex.rows,
        far: (100 * far) / ex.rows,
      };
    };
    const nn = (ex: LabelledExamples): number[] =>
      Array.from({ length: ex.rows }, (_, i) => {
        let best = Infinity;
        for (let j = 0; j < worldEx.rows; j++)
          best = Math.min(best, rowDistance(ex.data, i, worldEx.data, j, ex.cols, 'l2'));
        return -best;
      });
    const r = accepted(real);
    const f = accepted(fool);
    let confident = 0;
    for (let i = 0; i < foolProbs.rows; i++) if (msp(foolProbs, i) >= 0.99) confident++;
    // MSP of the tap's own model for real photos vs fooling photos.
    const modelFoolProbs = (await cachedActivations('fooling', fooling, model, MODEL_TAPS[model])).tap(
      'softmax',
    );
    const mspReal = Array.from({ length: realProbs.rows }, (_, i) => msp(realProbs, i));
    const mspFool = Array.from({ length: modelFoolProbs.rows }, (_, i) => msp(modelFoolProbs, i));
    rows.push({
      model,
      tap,
      worldExamples: worldEx.rows,
      realHeldOut: real.rows,
      fooling: fool.rows,
      cnnConfident: (100 * confident) / foolProbs.rows,
      clusterflowAcceptsFooling: f.share,
      clusterflowAcceptsReal: r.share,
      foolingInsideBox: f.inside,
      foolingFarFromClusters: f.far,
      aurocClusterflow: auroc(r.scores, f.scores),
      aurocWorldBoxOnly: auroc(r.boxScores, f.boxScores),
      aurocMaxSoftmax: auroc(mspFool, mspReal),
      aurocNearestNeighbour: auroc(nn(real), nn(fool)),
      threshold,
      clusterThreshold,
    });
    options.log(
      `  fooling ${model}/${tap}: world ${((Date.now() - t0) / 1000).toFixed(1)} s, accepts fooling ${f.share.toFixed(1)} %, real ${r.share.toFixed(1)} %`,
    );
    if (model === SWEEP_TAP[0] && tap === SWEEP_TAP[1]) {
      for (const alpha of SWEEP_ALPHAS) {
        const w = buildWorld(worldEx, {
          name: 'sweep',
          model,
          tap,
          tree: WORLD_TREE,
          calibration: { alpha },
        });
        alphaSweep.push({
          model,
          tap,
          alpha,
          clusterflowAcceptsFooling: acceptedShare(w, fool),
          clusterflowAcceptsReal: acceptedShare(w, real),
          threshold: w.calibration.threshold,
          clusterThreshold: w.calibration.clusterThreshold,
        });
        options.log(`  α sweep ${alpha}: ${JSON.stringify(alphaSweep[alphaSweep.length - 1])}`);
      }
    }
  }
  return {
    rows,
    source,
    alphaSweep,
    realProtocols: protocols,
    ...(calibration ? { calibrationSet: calibration.name } : {}),
  };
}
