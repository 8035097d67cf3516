import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { ExtractorError } from '../errors/extractor-error.js';
import { fileSystemIOHandler } from './file-io-handler.js';

/** How 8-bit RGB becomes model input: `0..1` is x/255, `-1..1` is x/127.5 − 1. */
export type Normalisation = '0..1' | '-1..1';
/** What the model's final output is: raw class scores or a softmax over them. */
export type OutputKind = 'logits' | 'probabilities';
/** How a conv map `[N,H,W,C]` becomes a row: global average pooling (C values) or flattening (H·W·C values). */
export type Pooling = 'gap' | 'flatten';

/** One output class, in the model's own output order (`index` = output position). */
export interface ClassLabel {
  /** Position of this class in the model output (0-based). */
  index: number;
  /** WordNet id, e.g. `n02123159`; empty when the labels file gives none. */
  wnid: string;
  /** Human-readable class name. */
  name: string;
}

/** A tap: a named role or any layer of the model. */
export type TapSpec =
  | 'classSpace'
  | 'softmax'
  | 'penultimate'
  | {
      /** Name of the model layer to read. */
      layer: string;
      /** How a 4-D output becomes a row. Default: `gap` for 4-D outputs; 2-D outputs are used as they are. */
      pooling?: Pooling;
    };

/** A specific layer of a model to read activations from, and how to pool them. */
export interface LayerTap {
  /** Name of the model layer to read. */
  layer: string;
  /** Default: `gap` for 4-D outputs; 2-D outputs are used as they are. */
  pooling?: Pooling;
}

/** Everything the extractor needs to know about a model. */
export interface ModelDescriptor {
  /** Registry name (letters, digits, `.`, `_`, `-`). */
  name: string;
  /** Loads a fresh copy of the layers model (the caller owns and disposes it). */
  load: () => Promise<tf.LayersModel>;
  /** Square input side in pixels. */
  inputSize: number;
  /** How 8-bit RGB is scaled to the model's input range. */
  normalisation: Normalisation;
  /** The class list in the model's own output order. */
  labels: () => Promise<ClassLabel[]>;
  /** Whether the model's final output is logits or probabilities. */
  outputKind: OutputKind;
  /** Layer holding the pre-softmax class scores (the ClusterFlow paper's class space). */
  classSpace: LayerTap;
  /** Features feeding the classifier. */
  penultimate: LayerTap;
  /** Taps extracted when the caller names none. */
  defaultTaps: TapSpec[];
}

/** Folder holding the bundled models: `../../models` from both `src/model/` and `dist/model/`. */
export function bundledModelsDir(): string {
  return fileURLToPath(new URL('../../models/', import.meta.url));
}

const registry = new Map<string, ModelDescriptor>();
/** How each model was registered, so child processes (`ExtractorPool`) can register the same model. */
const origins = new Map<string, 'bundled' | 'custom' | ModelSourceOptions>();

/** Adds (or replaces) a model under `descriptor.name`. */
export function registerModel(descriptor: ModelDescriptor): void {
  if (!/^[\w.-]+$/.test(descriptor.name)) {
    throw new ExtractorError(
      'INVALID_ARGUMENT',
      `Model name "${descriptor.name}" is not allowed: use letters, digits, ".", "_" and "-".`,
    );
  }
  if (!Number.isInteger(descriptor.inputSize) || descriptor.inputSize < 8) {
    throw new ExtractorError(
      'INVALID_ARGUMENT',
      `inputSize must be an integer ≥ 8, got ${descriptor.inputSize}.`,
    );
  }
  registry.set(descriptor.name, descriptor);
  origins.set(descriptor.name, 'custom');
}

/** `bundled`, `custom` (registered with its own `load()`), or the options given to `registerModelFrom`. */
export function modelOrigin(name: string): 'bundled' | 'custom' | ModelSourceOptions | undefined {
  return origins.get(name);
}

/** The descriptor for `name`; `MODEL_NOT_FOUND` lists the registered names. */
export function getModel(name: string): ModelDescriptor {
  const descriptor = registry.get(name);
  if (descriptor === undefined) {
    throw new ExtractorError(
      'MODEL_NOT_FOUND',
      `No model named "${name}" is registered; known models: ${listModels().join(', ')}. ` +
        'Register your own with registerModel() or registerModelFrom().',
    );
  }
  return descriptor;
}

/** Names of all registered models, the bundled ones included. */
export function listModels(): string[] {
  return [...registry.keys()];
}

/** Options for `registerModelFrom`: where the model lives plus what the registry must know about it. */
export interface ModelSourceOptions {
  /** Registry name (letters, digits, `.`, `_`, `-`); replaces any model already registered under it. */
  name: string;
  /** A local folder containing `model.json` (+ shards), a path to a `model.json`, or an http(s) URL to one. */
  source: string;
  /** Square input side in pixels (integer ≥ 8). */
  inputSize: number;
  /** How 8-bit RGB is scaled to the model's input range. */
  normalisation: Normalisation;
  /** Whether the model's final output is logits or probabilities. */
  outputKind: OutputKind;
  /** Class labels in output order, or a path/URL to a JSON array of `{index, wnid, name}`. */
  labels: ClassLabel[] | string;
  /** Default: the model's last layer. */
  classSpace?: LayerTap;
  /** Default: the layer before `classSpace`, globally average-pooled. */
  penultimate?: LayerTap;
  /** Default: `['classSpace']`. */
  defaultTaps?: TapSpec[];
}

/** Registers a user model from a local folder or a URL (fetched with `tf.io.http`). */
export function registerModelFrom(options: ModelSourceOptions): ModelDescriptor {
  const isUrl = /^https?:\/\//i.test(options.source);
  const modelJson =
    isUrl || options.source.endsWith('.json') ? options.source : path.join(options.source, 'model.json');
  const load = (): Promise<tf.LayersModel> =>
    tf.loadLayersModel(isUrl ? tf.io.http(modelJson) : fileSystemIOHandler(modelJson));
  let fallback: { classSpace: LayerTap; penultimate: LayerTap } | undefined;
  const labelsSource = options.labels;
  const descriptor: ModelDescriptor = {
    name: options.name,
    load,
    inputSize: options.inputSize,
    normalisation: options.normalisation,
    outputKind: options.outputKind,
    labels: typeof labelsSource === 'string' ? () => readLabels(labelsSource) : async () => labelsSource,
    classSpace: options.classSpace ?? { layer: '' },
    penultimate: options.penultimate ?? { layer: '' },
    defaultTaps: options.defaultTaps ?? ['classSpace'],
  };
  if (options.classSpace === undefined || options.penultimate === undefined) {
    // Layer names are only known once the topology is read; resolve lazily on first load.
    descriptor.load = async () => {
      const model = await load();
      fallback ??= inferTaps(model);
      if (options.classSpace === undefined) descriptor.classSpace = fallback.classSpace;
      if (options.penultimate === undefined) descriptor.penultimate = fallback.penultimate;
      return model;
    };
  }
  registerModel(descriptor);
  origins.set(options.name, options);
  return descriptor;
}

async function fetchText(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`);
  return response.text();
}

function inferTaps(model: tf.LayersModel): { classSpace: LayerTap; penultimate: LayerTap } {
  const layers = model.layers;
  const last = layers[layers.length - 1];
  const before = layers.length > 1 ? layers[layers.length - 2] : last;
  return { classSpace: { layer: last.name }, penultimate: { layer: before.name, pooling: 'gap' } };
}

/** Reads a labels JSON array (`{index, wnid, name}`) from a file path or URL. */
export async function readLabels(source: string): Promise<ClassLabel[]> {
  let text: string;
  try {
    text = /^https?:\/\//i.test(source) ? await fetchText(source) : await readFile(source, 'utf8');
  } catch (cause) {
    throw new ExtractorError('MODEL_NOT_FOUND', `Cannot read labels from "${source}".`, { cause });
  }
  const parsed = JSON.parse(text) as { index: number; wnid?: string; name: string }[];
  if (!Array.isArray(parsed)) {
    throw new ExtractorError(
      'MODEL_NOT_FOUND',
      `Labels file "${source}" must hold a JSON array of {index, wnid, name}.`,
    );
  }
  const labels = parsed.map((entry, i) => ({
    index: entry.index ?? i,
    wnid: entry.wnid ?? '',
    name: entry.name,
  }));
  labels.forEach((label, i) => {
    if (label.index !== i) {
      throw new ExtractorError(
        'MODEL_NOT_FOUND',
        `Labels file "${source}": entry ${i} has index ${label.index}.`,
      );
    }
  });
  return labels;
}

function registerBundled(descriptor: ModelDescriptor): void {
  registerModel(descriptor);
  origins.set(descriptor.name, 'bundled');
}

function bundled(
  folder: string,
  rest: Omit<ModelDescriptor, 'name' | 'load' | 'labels'>,
  name = folder,
): ModelDescriptor {
  const dir = path.join(bundledModelsDir(), folder);
  let labels: Promise<ClassLabel[]> | undefined;
  return {
    name,
    load: () => tf.loadLayersModel(fileSystemIOHandler(path.join(dir, 'model.json'))),
    labels: () => (labels ??= readLabels(path.join(dir, 'labels.json'))),
    ...rest,
  };
}

/** Darknet-Tiny: [0,1] input, 1000 logits in Darknet's own ILSVRC order (labels.json), not Keras order. */
registerBundled(
  bundled('darknet-tiny', {
    inputSize: 224,
    normalisation: '0..1',
    outputKind: 'logits',
    classSpace: { layer: 'global_average_pooling2d_1' },
    penultimate: { layer: 'leaky_re_lu_15', pooling: 'gap' },
    defaultTaps: ['classSpace'],
  }),
);

/** MobileNet v1 0.75: [-1,1] input, softmax output in Keras order; logits are `conv_preds` ([N,1,1,1000]). */
registerBundled(
  bundled('mobilenet-v1-0.75-224', {
    inputSize: 224,
    normalisation: '-1..1',
    outputKind: 'probabilities',
    classSpace: { layer: 'conv_preds', pooling: 'flatten' },
    penultimate: { layer: 'global_average_pooling2d_1' },
    defaultTaps: ['classSpace'],
  }),
);
