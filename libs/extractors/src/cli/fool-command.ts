import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { BACKEND_ORDER, selectBackend, type BackendPreference } from '../backend/select-backend.js';
import { foolingFileName, mergeManifest, type FoolManifestEntry } from '../fooling/fooling-manifest.js';
import { synthesizeFoolingImage } from '../fooling/synthesize-fooling-image.js';
import { registerWasmGradients } from '../gradients/register-wasm-gradients.js';
import { getModel, listModels } from '../model/model-registry.js';
import { resolveClass } from '../model/resolve-class.js';

interface FoolCliOptions {
  class: string;
  count: number;
  seed: number;
  output: string;
  model: string;
  backend: BackendPreference;
  maxSteps: number;
  confidence: number;
  json?: boolean;
}

const BACKENDS = ['auto', ...BACKEND_ORDER];

function integer(min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`must be an integer ≥ ${min}.`);
    return n;
  };
}

function probability(value: string): number {
  const p = Number(value);
  if (!(p > 0 && p <= 1)) throw new InvalidArgumentError('must be a number in (0, 1].');
  return p;
}

/**
 * `clusterflow-extract fool --class 173 --count 5 --seed 1 -o outdir`: writes `count` fooling PNGs (seeds
 * seed … seed+count−1) plus `manifest.json`, and prints one line per image.
 */
export function registerFoolCommand(program: Command, write: (text: string) => void = console.log): void {
  program
    .command('fool')
    .description('synthesise fooling images the model classifies as <class> with ≥ --confidence')
    .requiredOption('-c, --class <class>', 'target class: output index (173) or label name (tabby)')
    .requiredOption('-o, --output <dir>', 'folder for the PNGs and manifest.json')
    .option('-n, --count <n>', 'how many images (seeds seed … seed+n−1)', integer(1), 1)
    .option('-s, --seed <seed>', 'first seed', integer(0), 1)
    .option('-m, --model <name>', `model (${listModels().join(', ')})`, 'darknet-tiny')
    .option(
      '-b, --backend <backend>',
      BACKENDS.join(' | '),
      (v: string) => {
        if (!BACKENDS.includes(v)) throw new InvalidArgumentError(`use one of ${BACKENDS.join(', ')}.`);
        return v as BackendPreference;
      },
      'auto' as BackendPreference,
    )
    .option('--max-steps <n>', 'give up on a seed after this many gradient steps', integer(1), 200)
    .option('--confidence <p>', 'target softmax probability', probability, 0.99)
    .option('--json', 'print the manifest as JSON instead of lines')
    .action(async (opts: FoolCliOptions) => {
      registerWasmGradients();
      await selectBackend(opts.backend, (line) => void process.stderr.write(`${line}\n`));
      const descriptor = getModel(opts.model);
      const label = resolveClass(opts.class, await descriptor.labels());
      const model = await descriptor.load();
      const entries: FoolManifestEntry[] = [];
      try {
        await mkdir(opts.output, { recursive: true });
        for (let i = 0; i < opts.count; i++) {
          const seed = opts.seed + i;
          const started = Date.now();
          const result = await synthesizeFoolingImage(model, {
            targetClass: label.index,
            seed,
            maxSteps: opts.maxSteps,
            targetConfidence: opts.confidence,
            normalisation: descriptor.normalisation,
            outputKind: descriptor.outputKind,
          });
          const file = foolingFileName(label, seed);
          await writeFile(path.join(opts.output, file), result.png);
          const entry: FoolManifestEntry = {
            file,
            targetClass: label.index,
            name: label.name,
            wnid: label.wnid,
            seed,
            confidence: result.confidence,
            topClass: result.topClass,
            steps: result.steps,
            converged: result.converged,
            ms: Date.now() - started,
          };
          entries.push(entry);
          if (opts.json !== true) {
            write(
              `${file}: ${label.name} ${(result.confidence * 100).toFixed(2)} % after ${result.steps} steps` +
                `${result.converged ? '' : ` (did not reach ${opts.confidence * 100} %)`}, ${(entry.ms / 1000).toFixed(1)} s`,
            );
          }
        }
        const manifest = {
          model: descriptor.name,
          images: await mergeManifest(opts.output, descriptor.name, entries),
        };
        await writeFile(path.join(opts.output, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
        if (opts.json === true) write(JSON.stringify(manifest));
      } finally {
        model.dispose();
      }
    });
}
