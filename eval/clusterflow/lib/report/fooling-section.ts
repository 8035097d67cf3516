import { TRAIN_SHARE } from '../../experiments/relations.js';
import { f1, f2, f3, pct, photosOf } from './format.js';
import type { ReportInput } from './report-input.js';

/** Paper Table 4: how the world was built, the acceptance and AUROC table, and the α sweep. */
export function foolingSection(r: ReportInput): string[] {
  const L: string[] = ['## Fooling resilience (paper Table 4)', ''];
  if (r.fooling.rows.length === 0) {
    L.push(
      r.fooling.source === 'none'
        ? 'No fooling images were available (run `npx tsx libs/extractors/scripts/make-fooling-set.ts`, then re-run the harness).'
        : `Not run: ${r.fooling.skipped ?? 'no result rows'}.`,
      '',
    );
    return L;
  }
  L.push(foolingSetup(r), '');
  L.push(
    '| model / tap | CNN ≥ 99 % on fooling | CF accepts fooling | fooling inside world box | fooling far from clusters | CF accepts real held-out | AUROC CF | AUROC world box only | AUROC MSP | AUROC NN | t_world / t_cluster |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const x of r.fooling.rows)
    L.push(
      `| ${x.model} / ${x.tap} | ${f1(x.cnnConfident)} % | ${f1(x.clusterflowAcceptsFooling)} % | ${f1(x.foolingInsideBox)} % | ${f1(x.foolingFarFromClusters)} % | ${f1(x.clusterflowAcceptsReal)} % (${x.realHeldOut}) | ${f3(x.aurocClusterflow)} | ${f3(x.aurocWorldBoxOnly)} | ${f3(x.aurocMaxSoftmax)} | ${f3(x.aurocNearestNeighbour)} | ${f2(x.threshold)} / ${f2(x.clusterThreshold)} |`,
    );
  L.push('');
  const sweep = r.fooling.alphaSweep ?? [];
  if (sweep.length > 0) {
    L.push(
      `Calibration level α on ${sweep[0].model} / ${sweep[0].tap} (same world and photos; the library default is α = 0.1):`,
      '',
      '| α | CF accepts fooling | CF accepts real held-out | t_world / t_cluster |',
      '|---|---|---|---|',
    );
    for (const x of sweep)
      L.push(
        `| ${x.alpha} | ${f1(x.clusterflowAcceptsFooling)} % | ${f1(x.clusterflowAcceptsReal)} % | ${f2(x.threshold)} / ${f2(x.clusterThreshold)} |`,
      );
    L.push('');
  }
  return L;
}

/** One paragraph: where the fooling images came from, which photos built the world and which are real, the rule. */
function foolingSetup(r: ReportInput): string {
  const protocols = r.fooling.realProtocols ?? {};
  const realSets = Object.keys(protocols).join(' + ');
  const calibration = r.fooling.calibrationSet
    ? ` + the ${photosOf(r, r.fooling.calibrationSet)} ${r.fooling.calibrationSet} photos`
    : '';
  return (
    `Fooling images: ${r.fooling.rows[0].fooling} from \`${r.fooling.source.replace(/^.*?\/(?=(tmp|libs)\/)/, '')}\` (gradient ascent on darknet-tiny logits, ≥ 99 % target softmax after PNG round-trip). ` +
    (Object.values(protocols).includes('external')
      ? `World: every photo of ${realSets}${calibration}; real = the held-out photos of the same sets under \`EVAL_TEST_ROOT\` (${Object.entries(
          protocols,
        )
          .map(([set, p]) => `${set}: ${p === 'external' ? 'test root' : `${pct(1 - TRAIN_SHARE)} split`}`)
          .join(', ')}). `
      : `World: ${pct(TRAIN_SHARE)} training parts of ${realSets}${calibration}; real = held-out ${pct(1 - TRAIN_SHARE)} of ${realSets}. `) +
    "Accept = a member of the world (default rule 'world+cluster': world escape ≤ t_world AND L2 distance to the nearest cluster ≤ t_cluster, each the conformal quantile at α/2 = 0.05 of held-out folds (α = 0.1, the default)) with ClusterFlow confidence ≥ 1 %. " +
    'AUROC (real vs fooling): ClusterFlow = −max(escape/t_world, cluster distance/t_cluster); world box only = −escape; ' +
    'MSP = the model\'s max softmax in its useful orientation (HIGH = fooling: gradient-ascent images are built to be confident; as a "real" score it would be 1 − this); NN = −L2 distance to the nearest world training vector.'
  );
}
