/** Rewrites docs/RESULTS.md from the JSON of the last `npm run eval` (no recomputation). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { writeReport } from './lib/report.js';

const root = path.resolve(import.meta.dirname, '../../..');
const read = <T>(name: string): T =>
  JSON.parse(readFileSync(path.join(root, 'docs/results', `${name}.json`), 'utf8')) as T;
const relations = read<
  Parameters<typeof writeReport>[1]['relations'] & { triplets: number; seed: number; splitSeed: number }
>('relations');
let seconds = Number(process.env.EVAL_SECONDS ?? NaN);
try {
  seconds = read<{ seconds: number }>('run').seconds;
} catch {
  // Older runs did not save run.json: pass EVAL_SECONDS.
}
writeReport(path.join(root, 'docs/RESULTS.md'), {
  triplets: relations.triplets,
  seed: relations.seed,
  splitSeed: relations.splitSeed,
  seconds,
  relations,
  asymmetry: read('asymmetry'),
  missing: read('missing-data'),
  fooling: read('fooling'),
});
