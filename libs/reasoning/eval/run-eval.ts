/**
 * Evaluation harness: `npx tsx libs/reasoning/eval/run-eval.ts` (root script `npm run eval`). Extracts (once,
 * cached in tmp/eval-cache/) the activations of the shared photo sets, runs the relational, fooling, asymmetry
 * and missing-data experiments, and writes docs/RESULTS.md + docs/results/*.json.
 * Options (env): EVAL_TRIPLETS (per task, default 200), EVAL_SEED (triplets, default 1), EVAL_SPLIT_SEED (0).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runAsymmetry } from './experiments/asymmetry.js';
import { runFooling } from './experiments/fooling.js';
import { runMissingData } from './experiments/missing-data.js';
import { runRelations } from './experiments/relations.js';
import { writeReport } from './lib/report.js';

const root = path.resolve(import.meta.dirname, '../../..');
const triplets = Number(process.env.EVAL_TRIPLETS ?? 200);
const seed = Number(process.env.EVAL_SEED ?? 1);
const splitSeed = Number(process.env.EVAL_SPLIT_SEED ?? 0);
const log = (l: string): void => console.log(l);
const t0 = Date.now();
const outDir = path.join(root, 'docs/results');
mkdirSync(outDir, { recursive: true });
const save = (name: string, value: unknown): void =>
  writeFileSync(path.join(outDir, `${name}.json`), `${JSON.stringify(value, null, 2)}\n`);

log('relations…');
const relations = await runRelations({ triplets, seed, splitSeed, log });
save('relations', { triplets, seed, splitSeed, ...relations });
log('asymmetry…');
const asymmetry = await runAsymmetry({ splitSeed, log });
save('asymmetry', asymmetry);
log('missing data…');
const missing = runMissingData('/work/shared/data/tables/solvents.csv');
save('missing-data', missing);
log('fooling…');
const fooling = await runFooling({ splitSeed, log });
save('fooling', fooling);
const seconds = (Date.now() - t0) / 1000;
save('run', { triplets, seed, splitSeed, seconds, date: new Date().toISOString() });
writeReport(path.join(root, 'docs/RESULTS.md'), {
  triplets,
  seed,
  splitSeed,
  seconds,
  relations,
  asymmetry,
  missing,
  fooling,
});
log(`done in ${seconds.toFixed(0)} s → docs/RESULTS.md, docs/results/*.json`);
