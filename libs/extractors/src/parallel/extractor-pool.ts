import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { ExtractorError, type ExtractorErrorCode } from '../errors/extractor-error.js';
import type { ExtractOptions, ExtractorOptions, TapResult } from '../extractor.js';
import { decodeImage, DEFAULT_LIMIT_INPUT_PIXELS, type ImageSource } from '../image/decode-image.js';
import { getModel, modelOrigin, type ModelDescriptor, type TapSpec } from '../model/model-registry.js';
import { tapKey } from '../taps/tap-plan.js';
import type { WorkerReply, WorkerRequest } from './extractor-worker.js';

/** Options for `createExtractorPool`: the extractor options every worker uses, plus the worker count. */
export interface ExtractorPoolOptions extends ExtractorOptions {
  /** Child processes, each with its own backend and model. Default: `os.availableParallelism()`. */
  workers?: number;
}

/**
 * Several extractors in child processes. TF.js wasm is single-threaded in Node, so this is how a multi-core
 * machine gets used: batches are spread over the workers and run in parallel (decoding too).
 */
export interface ExtractorPool {
  /** Number of child processes. */
  readonly workers: number;
  /** The model every worker has loaded. */
  readonly descriptor: ModelDescriptor;
  /** Same contract as `Extractor.extract`; batches run concurrently on the workers. */
  extract(images: readonly ImageSource[], options?: ExtractOptions): Promise<TapResult>;
  /** Decodes in this process (sharp runs on libuv threads), ready for `extractPixels`. */
  decode(image: ImageSource): Promise<Float32Array>;
  /** One forward pass on the next free worker. */
  extractPixels(pixels: Float32Array, rows: number, taps?: TapSpec[]): Promise<TapResult>;
  /**
   * Decoding and the forward pass both on the next free worker: only the encoded bytes cross the process
   * boundary, so this process neither decodes nor holds the decoded pixels. An image that does not decode fails
   * alone (listed in `failed`, its rows zero); the others still go through the model.
   */
  extractEncoded(images: readonly Uint8Array[], taps?: TapSpec[]): Promise<EncodedBatchResult>;
  /** Ends the child processes. */
  dispose(): void;
}

/** One image of an `extractEncoded` batch that could not be decoded. */
export interface EncodedImageFailure {
  /** Its position in the input. */
  index: number;
  /** The decoder's error code (e.g. `TRUNCATED_IMAGE`, `NOT_AN_IMAGE`). */
  code: ExtractorErrorCode;
  /** The decoder's message: what was wrong and what is accepted. */
  message: string;
}

/** What `ExtractorPool.extractEncoded` returns: one row per image in every tap, and the images that failed. */
export interface EncodedBatchResult {
  /** One row per input image (rows of failed images are zeros). */
  result: TapResult;
  /** Images that could not be decoded, by input index, with the decoder's error code and message. */
  failed: EncodedImageFailure[];
}

interface Worker {
  child: ChildProcess;
  busy: boolean;
  pending: Map<number, { resolve: (reply: WorkerReply) => void; reject: (error: Error) => void }>;
}

/** Starts `workers` child processes and loads the model in each. */
export async function createExtractorPool(options: ExtractorPoolOptions = {}): Promise<ExtractorPool> {
  const { workers: requested, logger, ...extractorOptions } = options;
  const count = requested ?? Math.max(1, os.availableParallelism());
  if (!Number.isInteger(count) || count < 1) {
    throw new ExtractorError('INVALID_ARGUMENT', `workers must be a positive integer, got ${count}.`);
  }
  const name = extractorOptions.model ?? 'darknet-tiny';
  const descriptor = getModel(name);
  const origin = modelOrigin(name);
  if (origin === 'custom') {
    throw new ExtractorError(
      'INVALID_ARGUMENT',
      `Model "${name}" was registered with its own load() function, which cannot be sent to worker processes; ` +
        'register it with registerModelFrom() (a folder or URL) to use it in a pool.',
    );
  }
  const source = typeof origin === 'object' ? origin : undefined;
  const pool = new ChildPool(count, descriptor, extractorOptions);
  try {
    const replies = await Promise.all(
      pool.all.map((w) => pool.send(w, { id: 0, kind: 'init', options: extractorOptions, source })),
    );
    if (replies[0]?.ok === true && replies[0].log !== undefined)
      logger?.(`${replies[0].log} × ${count} workers`);
  } catch (error) {
    pool.dispose();
    throw error;
  }
  return pool;
}

let nextId = 1;

class ChildPool implements ExtractorPool {
  readonly all: Worker[] = [];
  private readonly waiting: ((w: Worker) => void)[] = [];

  constructor(
    readonly workers: number,
    readonly descriptor: ModelDescriptor,
    private readonly imageOptions: Pick<ExtractorOptions, 'limitInputPixels' | 'resizeKernel'>,
  ) {
    // From src/ (tests, tsx) the worker is TypeScript and needs tsx's loader; from dist/ it is plain JS.
    const isTs = import.meta.url.endsWith('.ts');
    const script = fileURLToPath(new URL(`./extractor-worker.${isTs ? 'ts' : 'js'}`, import.meta.url));
    for (let i = 0; i < workers; i++) {
      const child = fork(script, [], {
        serialization: 'advanced',
        execArgv: isTs ? ['--import', 'tsx'] : [],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      const worker: Worker = { child, busy: false, pending: new Map() };
      child.on('message', (reply: WorkerReply) => {
        const waiter = worker.pending.get(reply.id);
        worker.pending.delete(reply.id);
        waiter?.resolve(reply);
      });
      child.on('exit', (code) => {
        for (const waiter of worker.pending.values()) {
          waiter.reject(
            new ExtractorError('BACKEND_UNAVAILABLE', `An extractor worker exited (code ${code}).`),
          );
        }
        worker.pending.clear();
      });
      this.all.push(worker);
    }
  }

  send(worker: Worker, request: WorkerRequest): Promise<Extract<WorkerReply, { ok: true }>> {
    return new Promise((resolve, reject) => {
      const id = nextId++;
      worker.pending.set(id, { resolve, reject });
      worker.child.send({ ...request, id });
    }).then((reply) => {
      const r = reply as WorkerReply;
      if (!r.ok) {
        throw new ExtractorError(
          (r.code as ExtractorErrorCode | undefined) ?? 'BACKEND_UNAVAILABLE',
          r.message,
        );
      }
      return r;
    });
  }

  async extract(images: readonly ImageSource[], options: ExtractOptions = {}): Promise<TapResult> {
    const batchSize = options.batchSize ?? 16;
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new ExtractorError('INVALID_ARGUMENT', `batchSize must be a positive integer, got ${batchSize}.`);
    }
    const taps = options.taps ?? this.descriptor.defaultTaps;
    const starts: number[] = [];
    for (let s = 0; s < images.length; s += batchSize) starts.push(s);
    const result: TapResult = {};
    for (const tap of taps) result[tapKey(tap)] = { data: new Float32Array(0), rows: images.length, cols: 0 };
    let done = 0;
    await Promise.all(
      starts.map(async (start) => {
        const batch = images.slice(start, start + batchSize);
        const part = await this.onFreeWorker((w) =>
          this.send(w, { id: 0, kind: 'extract', images: batch, taps, batchSize }),
        );
        for (const [key, matrix] of Object.entries(part.result ?? {})) {
          const target = result[key];
          if (target.cols === 0) {
            target.cols = matrix.cols;
            target.data = new Float32Array(images.length * matrix.cols);
          }
          target.data.set(matrix.data, start * matrix.cols);
        }
        done += batch.length;
        options.onBatch?.(done, images.length);
      }),
    );
    return result;
  }

  decode(image: ImageSource): Promise<Float32Array> {
    return decodeImage(image, {
      size: this.descriptor.inputSize,
      normalisation: this.descriptor.normalisation,
      limitInputPixels: this.imageOptions.limitInputPixels ?? DEFAULT_LIMIT_INPUT_PIXELS,
      kernel: this.imageOptions.resizeKernel,
    });
  }

  async extractPixels(pixels: Float32Array, rows: number, taps?: TapSpec[]): Promise<TapResult> {
    const reply = await this.onFreeWorker((w) => this.send(w, { id: 0, kind: 'pixels', pixels, rows, taps }));
    return reply.result ?? {};
  }

  async extractEncoded(images: readonly Uint8Array[], taps?: TapSpec[]): Promise<EncodedBatchResult> {
    const reply = await this.onFreeWorker((w) =>
      this.send(w, { id: 0, kind: 'encoded', images: [...images], taps }),
    );
    return { result: reply.result ?? {}, failed: reply.failed ?? [] };
  }

  dispose(): void {
    for (const worker of this.all) {
      if (worker.child.connected) worker.child.disconnect();
    }
  }

  /** Runs `task` on the next idle worker, queueing when all are busy. */
  private async onFreeWorker<T>(task: (w: Worker) => Promise<T>): Promise<T> {
    const idle = this.all.find((w) => !w.busy);
    const worker = idle ?? (await new Promise<Worker>((resolve) => this.waiting.push(resolve)));
    worker.busy = true;
    try {
      return await task(worker);
    } finally {
      const waiter = this.waiting.shift();
      if (waiter !== undefined) waiter(worker);
      else worker.busy = false;
    }
  }
}
