import * as tf from '@tensorflow/tfjs';
import {
  createExtractor,
  createExtractorPool,
  isExtractorError,
  type Extractor,
  type ExtractorPool,
} from '@clusterflow/extractors';
import type { GatewayConfig } from '../config/gateway-config.js';
import { BadUserInputError } from '../errors/gateway-errors.js';
import type { ValidImage } from '../images/image.validator.js';
import { BatchQueue } from './batch-queue.js';

/** Class-space logits and softmax probabilities of one image. */
export interface ClassRow {
  classSpace: Float32Array;
  softmax: Float32Array;
}

export interface ClassLabelInfo {
  index: number;
  wnid: string;
  name: string;
}

/** Extractor error codes that mean "the caller sent a bad image". */
const INPUT_CODES = new Set(['NOT_AN_IMAGE', 'TRUNCATED_IMAGE', 'IMAGE_TOO_LARGE', 'UNSUPPORTED_FORMAT']);

/**
 * The gateway's only door to the CNN: decodes validated images (in parallel, outside the model) and sends the
 * pixels through one shared batch queue. Every tensor lives inside @clusterflow/extractors, which disposes it.
 */
export class ExtractorService {
  private readonly queue: BatchQueue<ClassRow>;

  private constructor(
    private readonly extractor: Extractor | ExtractorPool,
    readonly labels: readonly ClassLabelInfo[],
    /** Backend kind, or `<preference> ×N workers` for a pool. */
    readonly backend: string,
    config: GatewayConfig,
  ) {
    const side = extractor.descriptor.inputSize;
    this.queue = new BatchQueue<ClassRow>((pixels, rows) => this.run(pixels, rows), {
      batchSize: config.batchSize,
      maxQueued: config.limits.maxQueuedImages,
      rowLength: side * side * 3,
      concurrency: Math.max(1, config.workers),
    });
  }

  /** One in-process extractor (`workers` 0), or a pool of child processes each with its own model copy. */
  static async create(config: GatewayConfig, log: (line: string) => void): Promise<ExtractorService> {
    const options = {
      model: config.model,
      backend: config.backend,
      logger: log,
      limitInputPixels: config.limits.maxPixels,
    };
    if (config.workers > 0) {
      const pool = await createExtractorPool({ ...options, workers: config.workers });
      const labels = await pool.descriptor.labels();
      return new ExtractorService(pool, labels, `${config.backend} ×${config.workers} workers`, config);
    }
    const extractor = await createExtractor(options);
    return new ExtractorService(extractor, extractor.labels, extractor.backend.kind, config);
  }

  /** The in-process model and how it reads pixels (undefined with a worker pool: the models live in the children). */
  get localModel():
    | { model: tf.LayersModel; normalisation: '0..1' | '-1..1'; outputKind: 'logits' | 'probabilities' }
    | undefined {
    if (!('model' in this.extractor)) return undefined;
    const { descriptor } = this.extractor;
    return {
      model: this.extractor.model,
      normalisation: descriptor.normalisation,
      outputKind: descriptor.outputKind,
    };
  }

  get modelName(): string {
    return this.extractor.descriptor.name;
  }

  get queued(): number {
    return this.queue.queued;
  }

  /** Live tensors in this process's TF.js engine (0 with a worker pool: the models live in the children). */
  liveTensors(): number {
    return 'extractPixels' in this.extractor && 'workers' in this.extractor ? 0 : tf.memory().numTensors;
  }

  /** Class-space rows for validated images, one per image; `argument` names them in error messages. */
  async classRows(images: readonly ValidImage[], argument: string | readonly string[]): Promise<ClassRow[]> {
    const name = (i: number): string => (typeof argument === 'string' ? `${argument}[${i}]` : argument[i]);
    const pixels = await Promise.all(images.map((image, i) => this.decode(image, name(i))));
    return this.queue.pushAll(pixels);
  }

  async classRow(image: ValidImage, argument: string): Promise<ClassRow> {
    const pixels = await this.decode(image, argument);
    const [row] = await this.queue.pushAll([pixels]);
    return row;
  }

  /** Resolves when no CNN work is queued or running. */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  dispose(): void {
    this.extractor.dispose();
  }

  private async decode(image: ValidImage, argument: string): Promise<Float32Array> {
    try {
      return await this.extractor.decode(image.bytes);
    } catch (error) {
      if (isExtractorError(error) && INPUT_CODES.has(error.code)) {
        throw new BadUserInputError(`${argument}: ${error.message}`, { argument, reason: error.code });
      }
      throw error;
    }
  }

  private async run(pixels: Float32Array, rows: number): Promise<ClassRow[]> {
    const result = await this.extractor.extractPixels(pixels, rows, ['classSpace', 'softmax']);
    const logits = result['classSpace'];
    const softmax = result['softmax'];
    const out: ClassRow[] = [];
    for (let r = 0; r < rows; r++) {
      out.push({
        classSpace: logits.data.slice(r * logits.cols, (r + 1) * logits.cols),
        softmax: softmax.data.slice(r * softmax.cols, (r + 1) * softmax.cols),
      });
    }
    return out;
  }
}
