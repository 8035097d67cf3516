import * as tf from '@tensorflow/tfjs';
import { selectBackend, type BackendChoice, type BackendPreference } from './backend/select-backend.js';
import { topIndices } from './classify/top-indices.js';
import { ExtractorError } from './errors/extractor-error.js';
import {
  decodeImage,
  DEFAULT_LIMIT_INPUT_PIXELS,
  type ImageSource,
  type ResizeKernel,
} from './image/decode-image.js';
import { getModel, type ClassLabel, type ModelDescriptor, type TapSpec } from './model/model-registry.js';
import {
  buildTapPlan,
  disposeTapPlan,
  resolveTaps,
  runTapPlan,
  tapKey,
  type TapPlan,
} from './taps/tap-plan.js';

/** One tap's activations: `rows` images × `cols` values, row-major. */
export interface TapMatrix {
  /** `rows × cols` activations, row-major: row i belongs to image i. */
  data: Float32Array;
  /** Number of images. */
  rows: number;
  /** Values per image (0 when no images were given). */
  cols: number;
}
/** Keyed by `tapKey(spec)`: `classSpace`, `softmax`, `penultimate`, a layer name, or `layer:pooling`. */
export type TapResult = Record<string, TapMatrix>;

/** Options for `Extractor.extract`. */
export interface ExtractOptions {
  /** Default: the model's default taps (`['classSpace']` for the bundled models). */
  taps?: TapSpec[];
  /** Images per forward pass. Default 16. */
  batchSize?: number;
  /** Called after each batch with the number of images done so far. */
  onBatch?: (done: number, total: number) => void;
}

/** One class of a classification, with its softmax probability. */
export interface ClassScore {
  /** Output position of the class in the model's own order. */
  index: number;
  /** WordNet id of the class; empty when the labels give none. */
  wnid: string;
  /** Class name (the index as a string when the class has no label). */
  name: string;
  /** Softmax probability of the class, in [0, 1]. */
  probability: number;
}

/** Result of `Extractor.classify` for one image. */
export interface Classification {
  /** Pre-softmax class scores in the model's own output order. */
  classSpace: Float32Array;
  /** The `topK` classes by softmax probability, most probable first. */
  top: ClassScore[];
}

/** Receives the extractor's log lines (without trailing newline). */
export type ExtractorLogger = (line: string) => void;

/** Options for `createExtractor`. */
export interface ExtractorOptions {
  /** Registered model name. Default `darknet-tiny` (bundled). */
  model?: string;
  /** Default `auto`: tfjs-node-gpu → tfjs-node → wasm → cpu. */
  backend?: BackendPreference;
  /** Receives the one-line backend choice and other notices. Default: silent. */
  logger?: ExtractorLogger;
  /** Pixel limit per input image (decompression bombs). Default 50,000,000. */
  limitInputPixels?: number;
  /** Resampling kernel when resizing to the model input. Default `lanczos3`. */
  resizeKernel?: ResizeKernel;
  /**
   * Run chain models (the bundled ones) through a fused inference pass: BatchNormalization folded into the
   * convolution before it, the activation after fused into the same op. Same outputs within float32 rounding,
   * ≈ 20 % faster on wasm. Default true; false runs the layers model as loaded.
   */
  fuseLayers?: boolean;
}

/** A loaded model bound to an active TF.js backend (see `createExtractor`). */
export interface Extractor {
  /** The registry entry of the loaded model. */
  readonly descriptor: ModelDescriptor;
  /** The TF.js backend selected when the extractor was created. */
  readonly backend: BackendChoice;
  /** Class labels in the model's own output order. */
  readonly labels: readonly ClassLabel[];
  /** The loaded layers model (shared; do not dispose it yourself). */
  readonly model: tf.LayersModel;
  /**
   * Decodes `images` and returns the activations of each requested tap, one row per image in input order;
   * runs `batchSize` images per forward pass and decodes the next batch meanwhile.
   */
  extract(images: readonly ImageSource[], options?: ExtractOptions): Promise<TapResult>;
  /** Like `extract` for images already decoded with `decode` (`rows` images concatenated). */
  extractPixels(pixels: Float32Array, rows: number, taps?: TapSpec[]): Promise<TapResult>;
  /** Decodes, resizes and normalises one image for this model (`inputSize`² × 3 floats). */
  decode(image: ImageSource): Promise<Float32Array>;
  /** Classifies one image: its class-space scores and the `topK` (default 5) most probable classes. */
  classify(image: ImageSource, topK?: number): Promise<Classification>;
  /** Disposes the model and cached tap plans; a second call is a no-op, extracting afterwards throws `INVALID_ARGUMENT`. */
  dispose(): void;
}

/** Selects a backend, loads the model and returns an extractor bound to both. */
export async function createExtractor(options: ExtractorOptions = {}): Promise<Extractor> {
  const descriptor = getModel(options.model ?? 'darknet-tiny');
  const logger = options.logger ?? (() => undefined);
  const backend = await selectBackend(options.backend ?? 'auto', logger);
  const [model, labels] = await Promise.all([descriptor.load(), descriptor.labels()]);
  return new TfExtractor(descriptor, backend, model, labels, options, logger);
}

class TfExtractor implements Extractor {
  private readonly plans = new Map<string, TapPlan>();
  private disposed = false;

  constructor(
    readonly descriptor: ModelDescriptor,
    readonly backend: BackendChoice,
    readonly model: tf.LayersModel,
    readonly labels: readonly ClassLabel[],
    private readonly options: Pick<ExtractorOptions, 'limitInputPixels' | 'resizeKernel' | 'fuseLayers'>,
    private readonly logger: ExtractorLogger,
  ) {}

  decode(image: ImageSource): Promise<Float32Array> {
    return decodeImage(image, {
      size: this.descriptor.inputSize,
      normalisation: this.descriptor.normalisation,
      limitInputPixels: this.options.limitInputPixels ?? DEFAULT_LIMIT_INPUT_PIXELS,
      kernel: this.options.resizeKernel,
    });
  }

  async extract(images: readonly ImageSource[], options: ExtractOptions = {}): Promise<TapResult> {
    const batchSize = options.batchSize ?? 16;
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new ExtractorError('INVALID_ARGUMENT', `batchSize must be a positive integer, got ${batchSize}.`);
    }
    const plan = this.plan(options.taps ?? this.descriptor.defaultTaps);
    const result = emptyResult(plan, images.length);
    const perImage = this.descriptor.inputSize * this.descriptor.inputSize * 3;
    const decodeBatch = async (start: number): Promise<Float32Array> => {
      const decoded = await Promise.all(
        images.slice(start, start + batchSize).map((image) => this.decode(image)),
      );
      const pixels = new Float32Array(decoded.length * perImage);
      decoded.forEach((d, i) => pixels.set(d, i * perImage));
      return pixels;
    };
    // sharp decodes the next batch on libuv threads while this thread runs the current one through the model.
    let next = images.length > 0 ? decodeBatch(0) : undefined;
    for (let start = 0; start < images.length; start += batchSize) {
      const pixels = await (next as Promise<Float32Array>);
      next = start + batchSize < images.length ? decodeBatch(start + batchSize) : undefined;
      const rows = pixels.length / perImage;
      let outputs;
      try {
        outputs = await runTapPlan(plan, pixels, rows, this.descriptor.inputSize);
      } catch (error) {
        next?.catch(() => undefined); // abandoned: its failure must not surface as an unhandled rejection
        throw error;
      }
      for (const out of outputs) {
        const target = result[out.key];
        if (target.cols === 0) {
          target.cols = out.cols;
          target.data = new Float32Array(images.length * out.cols);
        }
        target.data.set(out.data, start * out.cols);
      }
      try {
        options.onBatch?.(start + rows, images.length);
      } catch (error) {
        next?.catch(() => undefined);
        throw error;
      }
    }
    return result;
  }

  async extractPixels(pixels: Float32Array, rows: number, taps?: TapSpec[]): Promise<TapResult> {
    const size = this.descriptor.inputSize;
    if (pixels.length !== rows * size * size * 3) {
      throw new ExtractorError(
        'INVALID_ARGUMENT',
        `pixels has ${pixels.length} values; ${rows} images of ${size}×${size}×3 need ${rows * size * size * 3}.`,
      );
    }
    const plan = this.plan(taps ?? this.descriptor.defaultTaps);
    const result: TapResult = {};
    for (const out of await runTapPlan(plan, pixels, rows, size)) {
      result[out.key] = { data: out.data, rows, cols: out.cols };
    }
    return result;
  }

  async classify(image: ImageSource, topK = 5): Promise<Classification> {
    const result = await this.extract([image], { taps: ['classSpace', 'softmax'] });
    const probabilities = result['softmax'].data;
    const k = Math.max(0, Math.min(Math.floor(topK), probabilities.length));
    const order = topIndices(probabilities, k);
    return {
      classSpace: result['classSpace'].data,
      top: order.map((index) => ({
        index,
        wnid: this.labels[index]?.wnid ?? '',
        name: this.labels[index]?.name ?? String(index),
        probability: probabilities[index],
      })),
    };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const plan of this.plans.values()) disposeTapPlan(plan);
    this.plans.clear();
    this.model.dispose();
  }

  private plan(taps: TapSpec[]): TapPlan {
    if (this.disposed) throw new ExtractorError('INVALID_ARGUMENT', 'This extractor has been disposed.');
    const key = JSON.stringify(taps.map(tapKey));
    let plan = this.plans.get(key);
    if (plan === undefined) {
      plan = buildTapPlan(
        resolveTaps(taps, this.descriptor, this.model),
        this.model,
        this.options.fuseLayers ?? true,
      );
      if (this.plans.size === 0) {
        this.logger(
          plan.fused
            ? `[extractors] ${this.descriptor.name}: fused inference (${plan.fused.foldedBatchNorms} BatchNormalization folded, ${plan.fused.fusedActivations} activations fused)`
            : `[extractors] ${this.descriptor.name}: layers model as loaded (${this.options.fuseLayers === false ? 'fuseLayers: false' : 'not a chain model'})`,
        );
      }
      this.plans.set(key, plan);
    }
    return plan;
  }
}

function emptyResult(plan: TapPlan, rows: number): TapResult {
  const result: TapResult = {};
  for (const tap of plan.taps) result[tap.key] = { data: new Float32Array(0), rows, cols: 0 };
  return result;
}
