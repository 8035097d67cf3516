import * as tf from '@tensorflow/tfjs';
import {
  createExtractor,
  createExtractorPool,
  ExtractorError,
  isExtractorError,
  parseTap,
  tapKey,
  type Extractor,
  type ExtractorPool,
  type TapResult,
  type TapSpec,
} from '@clusterflow/extractors';
import { ConfigError, type GatewayConfig } from '../config/gateway-config.js';
import { BadUserInputError } from '../errors/gateway-errors.js';
import type { ValidImage } from '../images/valid-image.js';
import { isBackgroundWork } from '../jobs/background-work.js';
import { BatchQueue } from './batch-queue.js';
import { clientWaitStart } from './client-wait.js';

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

/**
 * One image in the CNN queue: decoded pixels for the in-process model, or the encoded bytes for a worker pool
 * (the child decodes them, so this process never holds decoded images), with the argument that names it in errors.
 */
type QueuedImage = { pixels: Float32Array } | { bytes: Uint8Array; argument: string };

/** Extractor error codes that mean "the caller sent a bad image". */
const INPUT_CODES = new Set(['NOT_AN_IMAGE', 'TRUNCATED_IMAGE', 'IMAGE_TOO_LARGE', 'UNSUPPORTED_FORMAT']);

/**
 * The gateway's only door to the CNN: decodes validated images (in parallel, outside the model) and sends the
 * pixels through one shared batch queue. Every tensor lives inside @clusterflow/extractors, which disposes it.
 */
export class ExtractorService {
  private readonly queue: BatchQueue<QueuedImage, ClassRow>;

  private constructor(
    private readonly extractor: Extractor | ExtractorPool,
    /**
     * With a pool: an in-process copy of the model used only for gradients (fooling-image synthesis needs the
     * model itself); it never serves requests, so inference stays off the event loop.
     */
    private readonly gradientCopy: Extractor | undefined,
    readonly labels: readonly ClassLabelInfo[],
    /** Backend kind, or `<preference> ×N workers` for a pool. */
    readonly backend: string,
    config: GatewayConfig,
    /** The tap new worlds are built on, as written in `CLUSTERFLOW_WORLD_TAP` (e.g. `leaky_re_lu_14:gap`). */
    readonly worldTap: string,
  ) {
    this.queue = new BatchQueue<QueuedImage, ClassRow>((inputs) => this.run(inputs), {
      batchSize: config.batchSize,
      latencyBudgetMs: config.limits.queueBudgetMs,
      concurrency: Math.max(1, config.workers),
      // In-process the forward pass holds the event loop: answer the finished batch before the next one starts.
      yieldBetweenBatches: config.workers === 0,
    });
  }

  /**
   * One in-process extractor (`workers` 0), or a pool of child processes each with its own model copy (plus an
   * in-process copy for gradients only).
   */
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
      let gradientCopy: Extractor;
      try {
        gradientCopy = await createExtractor({ ...options, logger: () => undefined });
        checkWorldTapLayer(gradientCopy, config);
      } catch (error) {
        pool.dispose();
        throw error;
      }
      const labels = await pool.descriptor.labels();
      return new ExtractorService(
        pool,
        gradientCopy,
        labels,
        `${config.backend} ×${config.workers} workers`,
        config,
        worldTap,
      );
    }
    const extractor = await createExtractor(options);
    checkWorldTapLayer(extractor, config);
    return new ExtractorService(
      extractor,
      undefined,
      extractor.labels,
      extractor.backend.kind,
      config,
      worldTap,
    );
  }

  /**
   * The in-process model and how it reads pixels, for gradients (fooling-image synthesis). With a pool this is the
   * gradient-only copy: the requests' forward passes run in the children.
   */
  get localModel():
    | { model: tf.LayersModel; normalisation: '0..1' | '-1..1'; outputKind: 'logits' | 'probabilities' }
    | undefined {
    const local = this.gradientCopy ?? ('model' in this.extractor ? this.extractor : undefined);
    if (local === undefined) return undefined;
    const { descriptor } = local;
    return {
      model: local.model,
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

  /** Live tensors in this process's TF.js engine (with a worker pool: the gradient copy's; requests run in the children). */
  liveTensors(): number {
    return tf.memory().numTensors;
  }

  private get pool(): ExtractorPool | undefined {
    return 'workers' in this.extractor ? this.extractor : undefined;
  }

  /** Class-space rows for validated images, one per image; `argument` names them in error messages. */
  async classRows(images: readonly ValidImage[], argument: string | readonly string[]): Promise<ClassRow[]> {
    const name = (i: number): string => (typeof argument === 'string' ? `${argument}[${i}]` : argument[i]);
    return this.admitted(images.map((image, i) => ({ image, argument: name(i) })));
  }

  async classRow(image: ValidImage, argument: string): Promise<ClassRow> {
    const [row] = await this.admitted([{ image, argument }]);
    return row;
  }

  /**
   * Admission first (a refused request decodes nothing), then the queue. In-process the images are decoded here
   * (sharp, libuv threads) before queueing; with a pool the bytes are queued and the child decodes them.
   */
  private async admitted(images: readonly { image: ValidImage; argument: string }[]): Promise<ClassRow[]> {
    const reservation = this.queue.reserve(
      images.length,
      isBackgroundWork() ? 'background' : 'request',
      clientWaitStart(),
    );
    if (this.pool !== undefined) {
      return this.queue.pushReserved(
        images.map(({ image, argument }) => ({ bytes: image.bytes, argument })),
        reservation,
      );
    }
    let pixels: Float32Array[];
    try {
      pixels = await Promise.all(images.map(({ image, argument }) => this.decode(image, argument)));
    } catch (error) {
      this.queue.release(images.length);
      throw error;
    }
    return this.queue.pushReserved(
      pixels.map((p) => ({ pixels: p })),
      reservation,
    );
  }

  /** Whether one more client image would be refused by the latency budget now (see `BatchQueue.wouldRefuse`). */
  busy(): { retryAfterSeconds: number; message: string } | undefined {
    return this.queue.wouldRefuse(1);
  }

  /** Resolves when no CNN work is queued or running. */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  dispose(): void {
    this.extractor.dispose();
    this.gradientCopy?.dispose();
  }

  private async decode(image: ValidImage, argument: string): Promise<Float32Array> {
    try {
      return await this.extractor.decode(image.bytes);
    } catch (error) {
      throw asInputError(error, argument);
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

  private async run(inputs: readonly QueuedImage[]): Promise<(ClassRow | Error)[]> {
    const all = ['classSpace', 'softmax', parseWorldTap(this.worldTap)] as const;
    const taps = this.worldTap === 'classSpace' || this.worldTap === 'softmax' ? all.slice(0, 2) : [...all];
    const rows = inputs.length;
    const failures = new Map<number, Error>();
    let result: TapResult;
    if (this.pool !== undefined) {
      const encoded = await this.pool.extractEncoded(
        inputs.map((input) => ('bytes' in input ? input.bytes : new Uint8Array(0))),
        taps,
      );
      for (const f of encoded.failed) {
        const input = inputs[f.index];
        const argument = 'argument' in input ? input.argument : 'image';
        failures.set(f.index, asInputError(new ExtractorError(f.code, f.message), argument));
      }
      if (failures.size === rows) return inputs.map((_input, i) => failures.get(i) as Error);
      result = encoded.result;
    } else {
      const side = this.extractor.descriptor.inputSize;
      const pixels = new Float32Array(rows * side * side * 3);
      inputs.forEach((input, i) => {
        if ('pixels' in input) pixels.set(input.pixels, i * side * side * 3);
      });
      result = await this.extractor.extractPixels(pixels, rows, taps);
    }
    const logits = result['classSpace'];
    const softmax = result['softmax'];
    const world = result[this.worldTap];
    const out: (ClassRow | Error)[] = [];
    for (let r = 0; r < rows; r++) {
      const failure = failures.get(r);
      if (failure !== undefined) {
        out.push(failure);
        continue;
      }
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

/** A decoder error that means "bad image" as BAD_USER_INPUT naming `argument`; any other error unchanged. */
function asInputError<E>(error: E, argument: string): E | BadUserInputError {
  if (isExtractorError(error) && INPUT_CODES.has(error.code)) {
    return new BadUserInputError(`${argument}: ${error.message}`, { argument, reason: error.code });
  }
  return error;
}

/** A world tap on a named layer must exist in the model: otherwise a start-up configuration error. */
function checkWorldTapLayer(extractor: Extractor, config: GatewayConfig): void {
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
}

/** The configured world tap as an extractor tap spec; a malformed one is a start-up configuration error. */
function parseWorldTap(text: string): TapSpec {
  try {
    return parseTap(text);
  } catch (error) {
    throw new ConfigError(`CLUSTERFLOW_WORLD_TAP: ${error instanceof Error ? error.message : String(error)}`);
  }
}
