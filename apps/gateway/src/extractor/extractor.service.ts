import * as tf from '@tensorflow/tfjs';
import {
  createExtractor,
  createExtractorPool,
  isExtractorError,
  parseTap,
  tapKey,
  type Extractor,
  type ExtractorPool,
  type TapSpec,
} from '@clusterflow/extractors';
import { ConfigError, type GatewayConfig } from '../config/gateway-config.js';
import { BadUserInputError } from '../errors/gateway-errors.js';
import type { ValidImage } from '../images/valid-image.js';
import { isBackgroundWork } from '../jobs/background-work.js';
import { BatchQueue } from './batch-queue.js';

/** Class-space logits, softmax probabilities and the world-tap vector of one image (one forward pass). */
export interface ClassRow {
  classSpace: Float32Array;
  softmax: Float32Array;
  /** The row in the tap new worlds are built on (`CLUSTERFLOW_WORLD_TAP`); `classSpace` itself when that is the tap. */
  worldTap: { tap: string; vector: Float32Array };
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
    /** The tap new worlds are built on, as written in `CLUSTERFLOW_WORLD_TAP` (e.g. `leaky_re_lu_14:gap`). */
    readonly worldTap: string,
  ) {
    const side = extractor.descriptor.inputSize;
    this.queue = new BatchQueue<ClassRow>((pixels, rows) => this.run(pixels, rows), {
      batchSize: config.batchSize,
      latencyBudgetMs: config.limits.queueBudgetMs,
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
    const worldTap = tapKey(parseWorldTap(config.worldTap));
    if (config.workers > 0) {
      const pool = await createExtractorPool({ ...options, workers: config.workers });
      const labels = await pool.descriptor.labels();
      return new ExtractorService(
        pool,
        labels,
        `${config.backend} ×${config.workers} workers`,
        config,
        worldTap,
      );
    }
    const extractor = await createExtractor(options);
    const spec = parseWorldTap(config.worldTap);
    if (typeof spec !== 'string' && !extractor.model.layers.some((l) => l.name === spec.layer)) {
      extractor.dispose();
      throw new ConfigError(
        `CLUSTERFLOW_WORLD_TAP names layer "${spec.layer}", which model ${config.model} does not have; use classSpace, softmax, penultimate or one of its layers (e.g. ${extractor.model.layers
          .slice(-4)
          .map((l) => l.name)
          .join(', ')}).`,
      );
    }
    return new ExtractorService(extractor, extractor.labels, extractor.backend.kind, config, worldTap);
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
    return this.admitted(images.length, () =>
      Promise.all(images.map((image, i) => this.decode(image, name(i)))),
    );
  }

  async classRow(image: ValidImage, argument: string): Promise<ClassRow> {
    const [row] = await this.admitted(1, async () => [await this.decode(image, argument)]);
    return row;
  }

  /** Admission first (a refused request decodes nothing), then decoding, then the queue. */
  private async admitted(rows: number, decode: () => Promise<Float32Array[]>): Promise<ClassRow[]> {
    this.queue.reserve(rows, isBackgroundWork() ? 'background' : 'request');
    let pixels: Float32Array[];
    try {
      pixels = await decode();
    } catch (error) {
      this.queue.release(rows);
      throw error;
    }
    return this.queue.pushReserved(pixels);
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

  /**
   * A row's vector in `tap`: `classSpace`, or the configured world tap. A world built on another tap (the setting
   * changed since) cannot be answered: the message says which setting would.
   */
  vector(row: ClassRow, tap: string, worldName: string): Float32Array {
    if (tap === 'classSpace') return row.classSpace;
    if (tap === row.worldTap.tap) return row.worldTap.vector;
    throw new BadUserInputError(
      `World "${worldName}" was built on tap ${tap}; this gateway extracts ${[...new Set(['classSpace', row.worldTap.tap])].join(' and ')}. Use a world built on ${row.worldTap.tap}, or restart the gateway with CLUSTERFLOW_WORLD_TAP=${tap}.`,
      { argument: 'world' },
    );
  }

  private async run(pixels: Float32Array, rows: number): Promise<ClassRow[]> {
    const taps = ['classSpace', 'softmax', parseWorldTap(this.worldTap)] as const;
    const result = await this.extractor.extractPixels(
      pixels,
      rows,
      this.worldTap === 'classSpace' || this.worldTap === 'softmax' ? taps.slice(0, 2) : [...taps],
    );
    const logits = result['classSpace'];
    const softmax = result['softmax'];
    const world = result[this.worldTap];
    const out: ClassRow[] = [];
    for (let r = 0; r < rows; r++) {
      const classSpace = logits.data.slice(r * logits.cols, (r + 1) * logits.cols);
      const probabilities = softmax.data.slice(r * softmax.cols, (r + 1) * softmax.cols);
      out.push({
        classSpace,
        softmax: probabilities,
        worldTap: {
          tap: this.worldTap,
          vector:
            this.worldTap === 'classSpace'
              ? classSpace
              : this.worldTap === 'softmax'
                ? probabilities
                : world.data.slice(r * world.cols, (r + 1) * world.cols),
        },
      });
    }
    return out;
  }
}

/** The configured world tap as an extractor tap spec; a malformed one is a start-up configuration error. */
function parseWorldTap(text: string): TapSpec {
  try {
    return parseTap(text);
  } catch (error) {
    throw new ConfigError(`CLUSTERFLOW_WORLD_TAP: ${error instanceof Error ? error.message : String(error)}`);
  }
}
