import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ReportInput, RunInfo } from './report/report-input.js';
import { writeReport } from './report/render-report.js';

/**
 * Writes `reportFile` from the experiments' JSON in `resultsDir` (docs/results): the one place the report's input
 * is assembled, for `run-eval.ts` after a (full or EVAL_ONLY) run and for `write-report.ts` without one.
 * `run.json` gives the full run's date, machine and duration (EVAL_SECONDS stands in for runs older than it).
 */
export function writeReportFromSaved(resultsDir: string, reportFile: string): void {
  const read = <T>(name: string): T =>
    JSON.parse(readFileSync(path.join(resultsDir, `${name}.json`), 'utf8')) as T;
  const optional = <T>(name: string): T | undefined => {
    try {
      return read<T | null>(name) ?? undefined;
    } catch {
      return undefined;
    }
  };
  const relations = read<ReportInput['relations'] & { triplets: number; seed: number; splitSeed: number }>(
    'relations',
  );
  const run = optional<RunInfo>('run');
  writeReport(reportFile, {
    triplets: relations.triplets,
    seed: relations.seed,
    splitSeed: relations.splitSeed,
    seconds: run?.seconds ?? Number(process.env.EVAL_SECONDS ?? NaN),
    generated: run && { date: run.date, machine: run.machine ?? 'machine not recorded' },
    reruns: run?.reruns,
    relations,
    asymmetry: read('asymmetry'),
    missing: read('missing-data'),
    fooling: read('fooling'),
    ceiling: optional('feature-ceiling'),
    featureSpaces: optional('feature-spaces'),
    withinDomain: optional('within-domain'),
  });
}
