/** Rewrites docs/RESULTS.md from the JSON of the last `npm run eval` (no recomputation). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { writeReport, type RunInfo } from './lib/report.js';

const root = path.resolve(import.meta.dirname, '../../..');
const read = <T>(name: string): T =>
  JSON.parse(readFileSync(path.join(root, 'docs/results', `${name}.json`), 'utf8')) as T;
const relations = read<
  Parameters<typeof writeReport>[1]['relations'] & { triplets: number; seed: number; splitSeed: number }
>('relations');
const optional = <T>(name: string): T | undefined => {
  try {
    return read<T | null>(name) ?? undefined;
  } catch {
    return undefined;
  }
};
let seconds = Number(process.env.EVAL_SECONDS ?? NaN);
let run: RunInfo | undefined;
try {
  run = read<RunInfo>('run');
  seconds = run.seconds;
} catch {
  // Older runs did not save run.json: pass EVAL_SECONDS.
}
writeReport(path.join(root, 'docs/RESULTS.md'), {
  triplets: relations.triplets,
  seed: relations.seed,
  splitSeed: relations.splitSeed,
  seconds,
  generated: run && { date: run.date, machine: run.machine ?? 'machine not recorded' },
  reruns: run?.reruns,
  relations,
  asymmetry: read('asymmetry'),
  missing: read('missing-data'),
  fooling: read('fooling'),
  ceiling: optional('feature-ceiling'),
});
