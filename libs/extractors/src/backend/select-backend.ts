import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { ExtractorError } from '../errors/extractor-error.js';

/** What the caller may ask for. `auto` takes the fastest that works, in the order of `BACKEND_ORDER`. */
export type BackendPreference = 'auto' | 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';
/** A concrete backend: any `BackendPreference` except `auto`. */
export type BackendKind = Exclude<BackendPreference, 'auto'>;

/** Fastest first: CUDA via tfjs-node-gpu, native TensorFlow via tfjs-node, then wasm (XNNPACK), then pure JS. */
export const BACKEND_ORDER: readonly BackendKind[] = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];

/** The backend `selectBackend` activated, with its details and why faster ones were skipped. */
export interface BackendChoice {
  /** The backend that was selected. */
  kind: BackendKind;
  /** The TF.js backend name now active (`tensorflow` for both tfjs-node packages). */
  tfBackend: string;
  /** wasm only: whether the SIMD binary is in use. */
  simd?: boolean;
  /** wasm only: XNNPACK threads in use (1 where Node lacks wasm threads). */
  threads?: number;
  /** Why faster backends were skipped, one entry per skipped backend. */
  skipped: string[];
}

/** Receives the one line (no trailing newline) naming the backend choice. */
export type BackendLogger = (line: string) => void;
/** Imports a module by name; injectable so tests can simulate an installed or missing tfjs-node. */
export type ModuleImporter = (specifier: string) => Promise<unknown>;

const NODE_PACKAGES: Record<'tensorflow-gpu' | 'tensorflow', string> = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
};

const defaultImporter: ModuleImporter = (specifier) => import(specifier);

/**
 * Selects and activates the TF.js backend. With `auto` (default) it tries, in order, `@tensorflow/tfjs-node-gpu`,
 * `@tensorflow/tfjs-node` (both optional peers the user installs), wasm (binaries read from the installed
 * package folder, never fetched) and cpu; an explicit preference that cannot be honoured throws
 * `BACKEND_UNAVAILABLE`. Logs exactly one line naming the choice.
 */
export async function selectBackend(
  preference: BackendPreference = 'auto',
  log: BackendLogger = () => undefined,
  importer: ModuleImporter = defaultImporter,
): Promise<BackendChoice> {
  if (preference !== 'auto' && !BACKEND_ORDER.includes(preference)) {
    throw new ExtractorError(
      'BACKEND_UNAVAILABLE',
      `Unknown backend "${String(preference)}": use one of auto, ${BACKEND_ORDER.join(', ')}.`,
    );
  }
  const candidates = preference === 'auto' ? BACKEND_ORDER : [preference];
  const skipped: string[] = [];
  for (const kind of candidates) {
    const failure = await tryActivate(kind, importer);
    if (failure === undefined) {
      const choice = await describe(kind, skipped);
      log(formatChoice(choice, preference));
      return choice;
    }
    skipped.push(`${kind}: ${failure}`);
  }
  throw new ExtractorError(
    'BACKEND_UNAVAILABLE',
    preference === 'auto'
      ? `No TF.js backend could be activated (${skipped.join('; ')}).`
      : `Backend "${preference}" is unavailable: ${skipped.join('; ')}. ${installHint(preference)}`,
  );
}

/** Returns undefined on success, else why the backend could not be used. */
async function tryActivate(kind: BackendKind, importer: ModuleImporter): Promise<string | undefined> {
  try {
    if (kind === 'tensorflow-gpu' || kind === 'tensorflow') {
      // Importing either tfjs-node package registers the native backend under the name "tensorflow".
      await importer(NODE_PACKAGES[kind]);
      if (tf.findBackendFactory('tensorflow') === null) {
        return `${NODE_PACKAGES[kind]} loaded but registered no "tensorflow" backend`;
      }
      return (await activate('tensorflow')) ? undefined : 'the native backend failed to initialise';
    }
    if (kind === 'wasm') {
      configureWasm();
      return (await activate('wasm')) ? undefined : 'the wasm binary failed to initialise';
    }
    return (await activate('cpu')) ? undefined : 'the cpu backend failed to initialise';
  } catch (error) {
    return firstLine(error);
  }
}

async function activate(name: string): Promise<boolean> {
  const ok = await tf.setBackend(name);
  await tf.ready();
  return ok && tf.getBackend() === name;
}

let wasmConfigured = false;

function configureWasm(): void {
  if (wasmConfigured) return;
  // A file-system prefix: the emscripten loader reads the .wasm files from disk, nothing is fetched.
  const entry = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
  setWasmPaths(path.dirname(entry) + path.sep);
  // Only takes effect where the runtime offers wasm threads (browsers with cross-origin isolation).
  setThreadsCount(Math.max(1, os.availableParallelism()));
  wasmConfigured = true;
}

async function describe(kind: BackendKind, skipped: string[]): Promise<BackendChoice> {
  const choice: BackendChoice = { kind, tfBackend: tf.getBackend(), skipped };
  if (kind === 'wasm') {
    choice.simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
    choice.threads = getThreadsCount();
  }
  return choice;
}

function formatChoice(choice: BackendChoice, preference: BackendPreference): string {
  const extra =
    choice.kind === 'wasm' ? ` (simd ${choice.simd ? 'on' : 'off'}, threads ${choice.threads})` : '';
  const short = choice.skipped.map((s) => s.replace(/: Cannot find (package|module).*/, ' (not installed)'));
  const why = preference === 'auto' && short.length > 0 ? `; skipped ${short.join(', ')}` : '';
  return `[extractors] TF.js backend: ${choice.kind}${extra}, requested ${preference}${why}`;
}

function installHint(kind: BackendKind): string {
  if (kind === 'tensorflow-gpu' || kind === 'tensorflow') {
    return `Install it with "npm install ${NODE_PACKAGES[kind]}@4.22.0" (needs libtensorflow${
      kind === 'tensorflow-gpu' ? ' and CUDA' : ''
    }) or use "auto", "wasm" or "cpu".`;
  }
  return 'Use "auto" to fall back to the next backend.';
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0];
}
