/**
 * The ClusterFlow paper's evaluation (`npm run eval`, or `npm run eval -- clusterflow`). Extracts (once,
 * cached in tmp/eval-cache/) the activations of the shared photo sets, runs the relational, fooling, asymmetry
 * and missing-data experiments, and writes docs/RESULTS.md + docs/results/*.json.
 * Options (env): EVAL_TRIPLETS (per task, default 200), EVAL_SEED (triplets, default 1), EVAL_SPLIT_SEED (0),
 * EVAL_ONLY (comma-separated subset of relations,asymmetry,missing-data,fooling,feature-ceiling: rerun only those
 * and rebuild the report with the other experiments' saved JSON), EVAL_DATASETS (relational datasets by name),
 * EVAL_DATA_ROOT (another photo root: every `<set>/<class>/<image>` under it is evaluated), EVAL_TEST_ROOT (photos
 * kept back: worlds built on all data-root photos of a set, tested on these), EVAL_SOLVENTS (table).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runAsymmetry } from './experiments/asymmetry.js';
import { runFeatureCeiling } from './experiments/feature-ceiling.js';
import { runFooling } from './experiments/fooling.js';
import { runMissingData } from './experiments/missing-data.js';
import { runRelations } from './experiments/relations.js';
import { REPO_ROOT } from '../repo-root.js';
import { SOLVENTS_TABLE } from './lib/experiment-config.js';
import { thisMachine } from './lib/report/format.js';
import type { Rerun, RunInfo } from './lib/report/report-input.js';
import { writeReportFromSaved } from './lib/saved-results.js';

const EXPERIMENTS = ['relations', 'asymmetry', 'missing-data', 'fooling', 'feature-ceiling'] as const;
type Experiment = (typeof EXPERIMENTS)[number];

/** Runs the selected experiments, saves their JSON and rewrites docs/RESULTS.md; resolves to the exit code. */
export async function runClusterflowEval(): Promise<number> {
  const triplets = Number(process.env.EVAL_TRIPLETS ?? 200);
  const seed = Number(process.env.EVAL_SEED ?? 1);
  const splitSeed = Number(process.env.EVAL_SPLIT_SEED ?? 0);
  const log = (l: string): void => console.log(l);
  const t0 = Date.now();
  const outDir = path.join(REPO_ROOT, 'docs/results');
  mkdirSync(outDir, { recursive: true });
  const save = (name: string, value: unknown): void =>
    writeFileSync(path.join(outDir, `${name}.json`), `${JSON.stringify(value, null, 2)}\n`);

  const only = (process.env.EVAL_ONLY ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  const unknown = only.filter((x) => !(EXPERIMENTS as readonly string[]).includes(x));
  if (unknown.length > 0) {
    console.error(
      `EVAL_ONLY: unknown experiment(s) ${unknown.join(', ')}; allowed: ${EXPERIMENTS.join(', ')}`,
    );
    return 2;
  }
  /** Runs an experiment (when selected) and saves its JSON, else reads the last saved JSON. */
  const step = async <T>(name: Experiment, run: () => T | Promise<T>): Promise<T> => {
    const file = path.join(outDir, `${name}.json`);
    if (only.length > 0 && !only.includes(name)) {
      if (!existsSync(file))
        throw new Error(`EVAL_ONLY: ${name} was not selected and ${file} does not exist`);
      return JSON.parse(readFileSync(file, 'utf8')) as T;
    }
    log(`${name}…`);
    const value = await run();
    save(name, value);
    return value;
  };

  await step('relations', async () => ({
    triplets,
    seed,
    splitSeed,
    ...(await runRelations({ triplets, seed, splitSeed, log })),
  }));
  await step('asymmetry', () => runAsymmetry({ splitSeed, log }));
  await step('missing-data', () => {
    if (existsSync(SOLVENTS_TABLE)) return runMissingData(SOLVENTS_TABLE);
    log(`  missing-data skipped: ${SOLVENTS_TABLE} not found`);
    return null;
  });
  await step('fooling', () => runFooling({ splitSeed, log }));
  await step(
    'feature-ceiling',
    async () =>
      (await runFeatureCeiling({
        dataset: 'flowers',
        classes: ['daisy', 'dandelion', 'rose', 'tulip'],
        seed,
        log,
      })) ?? null,
  );
  const seconds = (Date.now() - t0) / 1000;
  const runFile = path.join(outDir, 'run.json');
  const rerun: Rerun = {
    experiments: only,
    date: new Date().toISOString(),
    machine: thisMachine(),
    seconds: Math.round(seconds),
  };
  const full: RunInfo =
    only.length === 0
      ? { triplets, seed, splitSeed, seconds, date: rerun.date, machine: rerun.machine }
      : (JSON.parse(readFileSync(runFile, 'utf8')) as RunInfo);
  // A partial re-run is recorded beside the full run it amends, so write-report.ts can say so too.
  if (only.length > 0) full.reruns = [...(full.reruns ?? []), rerun];
  save('run', full);
  writeReportFromSaved(outDir, path.join(REPO_ROOT, 'docs/RESULTS.md'));
  log(`done in ${seconds.toFixed(0)} s → docs/RESULTS.md, docs/results/*.json`);
  return 0;
}
