import path from 'node:path';
import { SingleBar } from 'cli-progress';
import { Command, InvalidArgumentError } from 'commander';
import { BACKEND_ORDER, type BackendPreference } from '../backend/select-backend.js';
import { extractFolder } from '../batch/extract-folder.js';
import { ExtractorError } from '../errors/extractor-error.js';
import { createExtractor } from '../extractor.js';
import { createExtractorPool } from '../parallel/extractor-pool.js';
import { listModels } from '../model/model-registry.js';
import { parseTap } from '../taps/parse-tap.js';

/** Adds subcommands to the CLI (the bin mounts `fool` this way, see `cli.ts`). */
export type CommandRegistrar = (program: Command) => void;

/** Options for `buildProgram`. */
export interface ProgramOptions {
  /** Extra subcommands. */
  registrars?: CommandRegistrar[];
  /** Where results are printed. Default: stdout. */
  write?: (text: string) => void;
  /** Show a progress bar for `extract`. Default: when stderr is a TTY. */
  progressBar?: boolean;
}

const BACKENDS = ['auto', ...BACKEND_ORDER];

function backendOption(value: string): BackendPreference {
  if (!BACKENDS.includes(value)) throw new InvalidArgumentError(`use one of ${BACKENDS.join(', ')}.`);
  return value as BackendPreference;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer.');
  return n;
}

/** The `clusterflow-extract` program: `extract`, `classify`, plus whatever the registrars add. */
export function buildProgram(options: ProgramOptions = {}): Command {
  const write = options.write ?? ((text: string) => void process.stdout.write(`${text}\n`));
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const program = new Command('clusterflow-extract')
    .description('Images → CNN activations (TensorFlow.js, bundled Darknet-Tiny) as Arrow tables')
    .showHelpAfterError();

  program
    .command('extract')
    .description(
      'extract one tap for every image under <folder> (labels = sub-folder names) into an Arrow file',
    )
    .argument('<folder>', 'a folder of images, or a labelled tree class/image.jpg')
    .requiredOption('-o, --output <file>', 'output table (Arrow IPC / Feather v2)')
    .option('-m, --model <name>', `model (${listModels().join(', ')})`, 'darknet-tiny')
    .option('-t, --tap <tap>', 'classSpace | softmax | penultimate | <layer>[:gap|:flatten]', 'classSpace')
    .option('-b, --backend <backend>', BACKENDS.join(' | '), backendOption, 'auto' as BackendPreference)
    .option('--batch-size <n>', 'images per forward pass', positiveInt, 16)
    .option('--no-resume', 'ignore an existing checkpoint and start over')
    .option(
      '-w, --workers <n>',
      'model processes running in parallel (wasm uses one core each)',
      positiveInt,
      1,
    )
    .action(async (folder: string, opts: ExtractCliOptions) => {
      const common = { model: opts.model, backend: opts.backend, logger: log };
      const extractor =
        opts.workers > 1
          ? await createExtractorPool({ ...common, workers: opts.workers })
          : await createExtractor(common);
      const showBar = options.progressBar ?? process.stderr.isTTY === true;
      const bar = new SingleBar({
        format:
          'extract [{bar}] {percentage}% | {value}/{total} | {rate} img/s | ETA {eta_formatted} | skipped {skipped}',
        stream: process.stderr,
        noTTYOutput: false,
        etaBuffer: 50,
      });
      let barStarted = false;
      try {
        const started = Date.now();
        const result = await extractFolder(extractor, folder, {
          output: opts.output,
          tap: parseTap(opts.tap),
          batchSize: opts.batchSize,
          resume: opts.resume,
          onProgress: (p) => {
            if (!showBar) return;
            const payload = { rate: p.rate.toFixed(1), skipped: p.skipped };
            if (!barStarted) {
              bar.start(p.total, p.done + p.skipped, payload);
              barStarted = true;
            } else bar.update(p.done + p.skipped, payload);
          },
        });
        if (barStarted) bar.stop();
        const seconds = (Date.now() - started) / 1000;
        write(
          `wrote ${path.resolve(opts.output)}: ${result.table.rows} rows × ${result.table.cols} (${result.table.model}, ` +
            `${result.table.tap}) in ${seconds.toFixed(1)} s; resumed ${result.resumed}, skipped ${result.skipped.length}`,
        );
        for (const s of result.skipped) write(`skipped ${s.id}: ${s.code} ${s.message}`);
      } finally {
        if (barStarted) bar.stop();
        extractor.dispose();
      }
    });

  program
    .command('classify')
    .description('print the top classes for one image')
    .argument('<image>', 'a JPEG, PNG or WebP file')
    .option('-k, --top <k>', 'how many classes', positiveInt, 5)
    .option('-m, --model <name>', `model (${listModels().join(', ')})`, 'darknet-tiny')
    .option('-b, --backend <backend>', BACKENDS.join(' | '), backendOption, 'auto' as BackendPreference)
    .option('--json', 'print JSON instead of a table')
    .action(async (image: string, opts: ClassifyCliOptions) => {
      const extractor = await createExtractor({ model: opts.model, backend: opts.backend, logger: log });
      try {
        const { top } = await extractor.classify(image, opts.top);
        if (opts.json === true) write(JSON.stringify(top));
        else {
          top.forEach((t, i) =>
            write(`${i + 1}. ${t.name} (${t.wnid}, #${t.index})  ${(t.probability * 100).toFixed(1)} %`),
          );
        }
      } finally {
        extractor.dispose();
      }
    });

  // Further subcommands (the bin's `fool`).
  for (const register of options.registrars ?? []) register(program);
  return program;
}

/** Runs the program; typed errors become one clear line and exit code 1 instead of a stack trace. */
export async function runProgram(program: Command, argv: string[]): Promise<number> {
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof ExtractorError) {
      process.stderr.write(`error [${error.code}]: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

interface ExtractCliOptions {
  output: string;
  model: string;
  tap: string;
  backend: BackendPreference;
  batchSize: number;
  resume: boolean;
  workers: number;
}

interface ClassifyCliOptions {
  top: number;
  model: string;
  backend: BackendPreference;
  json?: boolean;
}
