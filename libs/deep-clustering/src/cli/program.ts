import { mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { clusteringAccuracy, normalizedMutualInformation } from '@clusterflow/clusterflow';
import { BACKEND_ORDER, type BackendPreference } from '@clusterflow/extractors';
import { SingleBar } from 'cli-progress';
import { Command, InvalidArgumentError } from 'commander';
import type { Dataset } from '../data/dataset.js';
import { DeepClusteringError } from '../data/deep-clustering-error.js';
import { DDC } from '../ddc/ddc.js';
import { DeepCluster } from '../deepcluster/deep-cluster.js';
import type { DdcEpoch } from '../ddc/ddc-model.js';
import type { DdcVariant } from '../ddc/ddc-network.js';
import { ensureBackend } from '../ddc/ensure-backend.js';
import { N2D } from '../n2d/n2d.js';
import { voteClusterings } from '../vote/vote-clusterings.js';
import { loadInput } from './load-input.js';

/** Options of {@link buildProgram}. */
export interface DeepProgramOptions {
  /** Where the JSON result goes. Default: stdout. */
  readonly write?: (text: string) => void;
  /** Where progress and log lines go. Default: stderr. */
  readonly log?: (line: string) => void;
  /** Show a progress bar. Default: when stderr is a TTY (otherwise one log line per epoch). */
  readonly progressBar?: boolean;
}

interface CommonCliOptions {
  data: string;
  k: number;
  seed: number;
  epochs?: number;
  variant: DdcVariant | 'auto';
  learningRate?: number;
  batchSize: number;
  limit?: number;
  checkpointDir?: string;
  resume: boolean;
  backend: BackendPreference;
  assignments?: boolean;
}

interface N2dCliOptions {
  data: string;
  k: number;
  seed: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  umapNeighbors: number;
  umapEpochs?: number;
  limit?: number;
  checkpointDir?: string;
  resume: boolean;
  backend: BackendPreference;
  assignments?: boolean;
}

interface VoteCliOptions extends CommonCliOptions {
  runs: number;
  top: number;
}

const BACKENDS = ['auto', ...BACKEND_ORDER];

function integer(min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`must be an integer ≥ ${min}.`);
    return n;
  };
}

function positive(value: string): number {
  const n = Number(value);
  if (!(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError('must be a positive number.');
  return n;
}

function addCommon(command: Command): Command {
  return command
    .requiredOption('-d, --data <data>', 'mnist | fashion-mnist | <activation table (.arrow)>')
    .option('-k, --k <k>', 'number of clusters (≥ 2)', integer(-1_000_000), 10)
    .option('-s, --seed <n>', 'seed (weights and batch order)', integer(-2_147_483_648), 0)
    .option('-e, --epochs <n>', 'epochs (default: 70,000 iterations as in the paper)', integer(1))
    .option(
      '--variant <variant>',
      'auto | fc | conv',
      (v) => {
        if (v !== 'auto' && v !== 'fc' && v !== 'conv')
          throw new InvalidArgumentError('use auto, fc or conv.');
        return v;
      },
      'auto',
    )
    .option('--learning-rate <lr>', 'Adam step (default 1e-3 conv, 1e-5 fc)', positive)
    .option('--batch-size <n>', 'rows per mini-batch', integer(2), 100)
    .option('--limit <n>', 'use only the first n rows (smoke runs)', integer(1))
    .option('-c, --checkpoint-dir <dir>', 'write a checkpoint here after every epoch (atomically)')
    .option('--resume', 'continue from the checkpoint in --checkpoint-dir', false)
    .option(
      '-b, --backend <backend>',
      BACKENDS.join(' | '),
      (v) => {
        if (!BACKENDS.includes(v)) throw new InvalidArgumentError(`use one of ${BACKENDS.join(', ')}.`);
        return v as BackendPreference;
      },
      'auto' as BackendPreference,
    )
    .option('--assignments', 'include every row’s cluster in the JSON result', false);
}

/** The `clusterflow-deep` program: `ddc`, `vote`, `deepcluster` and `n2d` on MNIST, Fashion-MNIST or an activation table. */
export function buildProgram(options: DeepProgramOptions = {}): Command {
  const write = options.write ?? ((text: string) => void process.stdout.write(`${text}\n`));
  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const program = new Command('clusterflow-deep')
    .description(
      'Deep clustering (DDC, DDC-VOTE) on TensorFlow.js; JSON result on stdout, progress on stderr',
    )
    .showHelpAfterError();

  addCommon(program.command('ddc').description('train one DDC network and cluster the data')).action(
    async (opts: CommonCliOptions) => {
      const input = await prepare(opts, log);
      const run = await trainOne(input, opts, opts.seed, options, log);
      write(
        JSON.stringify(
          result('ddc', input, opts, run.assignments, {
            seed: opts.seed,
            loss: run.loss,
            history: run.history,
          }),
        ),
      );
    },
  );

  addCommon(program.command('vote').description('DDC-VOTE: several seeds, the lowest-loss runs vote'))
    .option('--runs <n>', 'number of runs (seeds seed … seed+runs−1)', integer(1), 20)
    .option('--top <n>', 'lowest-loss runs that vote', integer(1), 3)
    .action(async (opts: VoteCliOptions) => {
      if (opts.top > opts.runs) {
        throw new DeepClusteringError('BAD_OPTION', `--top ${opts.top} exceeds --runs ${opts.runs}.`);
      }
      const input = await prepare(opts, log);
      const runs: { seed: number; loss: number; assignments: Int32Array; accuracy?: number }[] = [];
      for (let r = 0; r < opts.runs; r++) {
        const seed = opts.seed + r;
        const run = await trainOne(input, opts, seed, options, log);
        runs.push({
          seed,
          loss: run.loss,
          assignments: run.assignments,
          ...accuracyOf(input, run.assignments),
        });
      }
      const vote = voteClusterings(runs, opts.k, opts.top);
      write(
        JSON.stringify(
          result('vote', input, opts, vote.assignments, {
            selectedSeeds: vote.selected.map((i) => runs[i].seed),
            runs: runs.map(({ seed, loss, accuracy }) => ({ seed, loss, accuracy })),
          }),
        ),
      );
    });
  program
    .command('deepcluster')
    .description(
      'DeepCluster: whitened k-means pseudo-labels train a head over the features, round after round',
    )
    .requiredOption('-d, --data <data>', 'mnist | fashion-mnist | <activation table (.arrow)>')
    .option('-k, --k <k>', 'number of clusters (≥ 2)', integer(-1_000_000), 10)
    .option('-s, --seed <n>', 'seed', integer(-2_147_483_648), 0)
    .option('-e, --epochs <n>', 'rounds', integer(1), 10)
    .option('--pca-dim <n>', 'PCA-whitening dimension', integer(1), 32)
    .option('--limit <n>', 'use only the first n rows', integer(1))
    .option(
      '-b, --backend <backend>',
      BACKENDS.join(' | '),
      (v) => {
        if (!BACKENDS.includes(v)) throw new InvalidArgumentError(`use one of ${BACKENDS.join(', ')}.`);
        return v as BackendPreference;
      },
      'auto' as BackendPreference,
    )
    .option('--assignments', 'include every row’s cluster in the JSON result', false)
    .action(async (opts: CommonCliOptions & { pcaDim: number }) => {
      const input = await prepare({ ...opts, resume: false }, log);
      const labelled = input.labels.some((l) => l >= 0);
      const r = await new DeepCluster({
        k: opts.k,
        epochs: opts.epochs,
        pcaDim: opts.pcaDim,
        seed: opts.seed,
        backend: opts.backend,
      }).fit(input, {
        ...(labelled ? { labels: input.labels } : {}),
        onEpoch: (e) =>
          log(
            `[deep] round ${e.epoch}: NMI vs previous ${e.nmiPrevious.toFixed(3)}${e.nmiTruth === undefined ? '' : `, vs truth ${e.nmiTruth.toFixed(3)}`}, loss ${e.loss.toFixed(4)}, re-seeded ${e.reseeded}`,
          ),
      });
      write(
        JSON.stringify(
          result('deepcluster', input, opts, r.assignments, { seed: opts.seed, history: r.history }),
        ),
      );
    });
  program
    .command('n2d')
    .description('N2D: autoencoder (reconstruction) → UMAP of its code → Gaussian mixture')
    .requiredOption('-d, --data <data>', 'mnist | fashion-mnist | <activation table (.arrow)>')
    .option('-k, --k <k>', 'number of clusters (≥ 2)', integer(-1_000_000), 10)
    .option('-s, --seed <n>', 'seed (weights, batch order, UMAP, mixture start)', integer(-2_147_483_648), 0)
    .option('-e, --epochs <n>', 'autoencoder epochs (N2D: 1000)', integer(1), 1000)
    .option('--batch-size <n>', 'rows per autoencoder batch', integer(1), 256)
    .option('--learning-rate <lr>', 'Adam step', positive, 1e-3)
    .option('--umap-neighbors <n>', 'UMAP neighbours', integer(2), 20)
    .option(
      '--umap-epochs <n>',
      'UMAP optimisation epochs (default: umap-js’s, 500 ≤ 10,000 rows < 200)',
      integer(1),
    )
    .option('--limit <n>', 'use only the first n rows', integer(1))
    .option('-c, --checkpoint-dir <dir>', 'write the autoencoder’s state here after every epoch (atomically)')
    .option('--resume', 'continue the autoencoder from the checkpoint in --checkpoint-dir', false)
    .option(
      '-b, --backend <backend>',
      BACKENDS.join(' | '),
      (v) => {
        if (!BACKENDS.includes(v)) throw new InvalidArgumentError(`use one of ${BACKENDS.join(', ')}.`);
        return v as BackendPreference;
      },
      'auto' as BackendPreference,
    )
    .option('--assignments', 'include every row’s cluster in the JSON result', false)
    .action(async (opts: N2dCliOptions) => {
      const input = await prepare(opts, log);
      let checkpointPath: string | undefined;
      if (opts.checkpointDir !== undefined) {
        await mkdir(opts.checkpointDir, { recursive: true });
        checkpointPath = path.join(opts.checkpointDir, `n2d-seed-${opts.seed}.ckpt`);
      }
      const resumeFrom =
        opts.resume && checkpointPath !== undefined && existsSync(checkpointPath)
          ? checkpointPath
          : undefined;
      if (opts.resume && resumeFrom === undefined)
        log(`[deep] no checkpoint for seed ${opts.seed} yet: starting it`);
      const model = await new N2D({
        k: opts.k,
        seed: opts.seed,
        epochs: opts.epochs,
        batchSize: opts.batchSize,
        learningRate: opts.learningRate,
        umapNeighbors: opts.umapNeighbors,
        ...(opts.umapEpochs === undefined ? {} : { umapEpochs: opts.umapEpochs }),
        backend: opts.backend,
      }).fit(input, {
        checkpointPath,
        resumeFrom,
        onProgress: (p) => {
          if (p.stage === 'autoencoder') {
            log(
              `[deep] n2d seed ${opts.seed} autoencoder epoch ${p.step}/${p.steps}: mse ${p.loss?.toFixed(5)}, ${p.seconds.toFixed(1)} s`,
            );
          } else if (p.step === p.steps) {
            log(`[deep] n2d seed ${opts.seed} ${p.stage} done in ${p.seconds.toFixed(1)} s`);
          }
        },
      });
      try {
        if (opts.checkpointDir !== undefined)
          await model.save(path.join(opts.checkpointDir, `model-seed-${opts.seed}.n2d`));
        write(
          JSON.stringify(
            result('n2d', input, opts, model.assignments, {
              seed: opts.seed,
              logLikelihood: model.gmm.logLikelihood,
              history: model.history,
            }),
          ),
        );
      } finally {
        model.dispose();
      }
    });
  return program;
}

/** Parses `argv`, runs the command, and turns a {@link DeepClusteringError} into exit code 1 with its message. */
export async function runProgram(
  program: Command,
  argv: string[],
  log?: (line: string) => void,
): Promise<number> {
  const err = log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof DeepClusteringError) {
      err(`error [${error.code}]: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

async function prepare(
  opts: Pick<CommonCliOptions, 'resume' | 'checkpointDir' | 'backend' | 'data' | 'limit'>,
  log: (line: string) => void,
): Promise<Dataset> {
  if (opts.resume && opts.checkpointDir === undefined) {
    throw new DeepClusteringError('BAD_OPTION', '--resume needs --checkpoint-dir (where the checkpoint is).');
  }
  await ensureBackend(opts.backend, log);
  const input = await loadInput(opts.data, opts.limit);
  if (opts.limit !== undefined && input.rows > opts.limit) {
    return {
      ...input,
      rows: opts.limit,
      data: input.data.subarray(0, opts.limit * input.cols),
      labels: input.labels.subarray(0, opts.limit),
    };
  }
  return input;
}

async function trainOne(
  input: Dataset,
  opts: CommonCliOptions,
  seed: number,
  program: DeepProgramOptions,
  log: (line: string) => void,
): Promise<{ assignments: Int32Array; loss: number; history: readonly DdcEpoch[] }> {
  let checkpointPath: string | undefined;
  if (opts.checkpointDir !== undefined) {
    await mkdir(opts.checkpointDir, { recursive: true });
    checkpointPath = path.join(opts.checkpointDir, `ddc-seed-${seed}.ckpt`);
  }
  const resumeFrom =
    opts.resume && checkpointPath !== undefined && existsSync(checkpointPath) ? checkpointPath : undefined;
  if (opts.resume && resumeFrom === undefined) log(`[deep] no checkpoint for seed ${seed} yet: starting it`);
  const labelled = input.labels.some((l) => l >= 0);
  const showBar = program.progressBar ?? process.stderr.isTTY === true;
  const bar = new SingleBar({
    format: `ddc seed ${seed} [{bar}] epoch {value}/{total} | loss {loss} | ACC {acc} | {secs} s/epoch`,
    stream: process.stderr,
  });
  let started = false;
  const ddc = new DDC({
    k: opts.k,
    seed,
    variant: opts.variant,
    epochs: opts.epochs,
    learningRate: opts.learningRate,
    batchSize: opts.batchSize,
    backend: opts.backend,
  });
  try {
    const model = await ddc.fit(input, {
      checkpointPath,
      resumeFrom,
      ...(labelled ? { monitorLabels: input.labels } : {}),
      onEpoch: (e) => {
        const acc = e.accuracy === undefined ? 'n/a' : `${(e.accuracy * 100).toFixed(1)} %`;
        const payload = { loss: e.loss.toFixed(4), acc, secs: e.seconds.toFixed(1) };
        if (showBar) {
          if (!started) {
            bar.start(e.epochs, e.epoch, payload);
            started = true;
          } else bar.update(e.epoch, payload);
        } else {
          log(
            `[deep] seed ${seed} epoch ${e.epoch}/${e.epochs}: loss ${payload.loss}, ACC ${acc}, ${payload.secs} s`,
          );
        }
      },
    });
    try {
      if (opts.checkpointDir !== undefined)
        await model.save(path.join(opts.checkpointDir, `model-seed-${seed}.ddc`));
      return { assignments: model.predict(input), loss: model.loss(input), history: model.history };
    } finally {
      model.dispose();
    }
  } finally {
    if (started) bar.stop();
  }
}

function accuracyOf(input: Dataset, assignments: Int32Array): { accuracy?: number; nmi?: number } {
  const keep: number[] = [];
  input.labels.forEach((l, i) => {
    if (l >= 0) keep.push(i);
  });
  if (keep.length === 0) return {};
  const truth = Int32Array.from(keep, (i) => input.labels[i]);
  const predicted = Int32Array.from(keep, (i) => assignments[i]);
  return {
    accuracy: clusteringAccuracy(truth, predicted),
    nmi: normalizedMutualInformation(truth, predicted),
  };
}

function result(
  command: string,
  input: Dataset,
  opts: { k: number; assignments?: boolean },
  assignments: Int32Array,
  extra: Record<string, unknown>,
): Record<string, unknown> {
  const sizes = new Array<number>(opts.k).fill(0);
  for (const a of assignments) sizes[a]++;
  return {
    command,
    data: input.name,
    rows: input.rows,
    k: opts.k,
    ...accuracyOf(input, assignments),
    clusterSizes: sizes,
    ...extra,
    ...(opts.assignments ? { assignments: Array.from(assignments) } : {}),
  };
}
