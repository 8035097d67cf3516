import { TRAIN_SHARE, type RelationDatasetRun } from '../../experiments/relations.js';
import { classList, pct } from './format.js';
import type { ReportInput } from './report-input.js';

/** The photo sets found, how each relational dataset was run, and what was left out (all from this run). */
export function dataSection(r: ReportInput): string[] {
  const rel = r.relations;
  const L: string[] = ['## Data', ''];
  L.push(
    `- Photos: \`${(rel.dataRoot ?? 'not recorded').replace(/^.*\/shared\/data\//, '../shared/data/')}\` (every \`<set>/<class>/<image>\` folder tree under it; \`EVAL_DATA_ROOT\` points the harness elsewhere) — ` +
      (rel.photoSets ?? [])
        .map((x) =>
          x.flat
            ? `${x.name} (${x.photos} photos, ${Object.keys(x.classCounts).length} classes, labels.csv)`
            : `${x.name} (${classList(x.classCounts)})`,
        )
        .join('; ') +
      '.',
    '- Models: darknet-tiny (bundled, Darknet order, logits) and mobilenet-v1-0.75-224 (Keras order, probabilities), TF.js 4.22 wasm.',
  );
  const world = (rel.datasets ?? []).filter((d) => d.mode === 'world');
  const cnnOnly = (rel.datasets ?? []).filter((d) => d.mode === 'cnn-only');
  const photos = (d: RelationDatasetRun): number => Object.values(d.classCounts).reduce((a, b) => a + b, 0);
  const splitWorlds = world.filter((d) => d.protocol !== 'external');
  const externalWorlds = world.filter((d) => d.protocol === 'external');
  if (splitWorlds.length > 0)
    L.push(
      `- World datasets (≥ 15 photos per class), split per class ${pct(TRAIN_SHARE)} / ${pct(1 - TRAIN_SHARE)} (seeded); the world is built on the first part, triplets and membership use the held-out part only: ` +
        splitWorlds.map((d) => `${d.name} (${d.tested} held-out of ${photos(d)})`).join(', ') +
        '.',
    );
  if (externalWorlds.length > 0)
    L.push(
      `- World datasets tested on photos kept back elsewhere (\`EVAL_TEST_ROOT\` = \`${rel.testRoot ?? '?'}\`): the world is built on every photo of the set above, triplets and membership use only the other root's photos of the same set and classes: ` +
        externalWorlds.map((d) => `${d.name} (built on ${photos(d)}, tested on ${d.tested})`).join(', ') +
        '.',
    );
  if (cnnOnly.length > 0)
    L.push(
      `- CNN-only datasets (too few photos per class for a world; every photo is a test photo, the CNN's own labels and softmax, geometric threshold calibrated on ${rel.calibration ? `${rel.calibration.name}, ${rel.calibration.photos} photos` : 'nothing: no calibration set, strategy left out'}): ` +
        cnnOnly
          .map(
            (d) =>
              `${d.name} (${d.tested} photos${d.protocol === 'external' ? ' from the test root' : ''}, ${d.exhaustive ? 'every triplet' : 'sampled triplets'})`,
          )
          .join(', ') +
        '.',
    );
  for (const x of rel.skipped ?? []) L.push(`- Not a relational dataset: ${x.name} — ${x.reason}.`);
  L.push('');
  return L;
}
