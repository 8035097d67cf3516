import { ServiceUnavailableError } from '../errors/gateway-errors.js';

/** Runs one batch of rows (`rows` inputs of `rowLength` floats concatenated) and returns one output per row. */
export type BatchRunner<T> = (input: Float32Array, rows: number) => Promise<T[]>;

interface Pending<T> {
  input: Float32Array;
  resolve: (value: T) => void;
  reject: (reason: unknown) => void;
}

export interface BatchQueueOptions {
  /** Rows per call of the runner. */
  batchSize: number;
  /** Rows allowed to wait; beyond this `push` fails fast with SERVICE_UNAVAILABLE instead of piling up memory. */
  maxQueued: number;
  /** Floats per row. */
  rowLength: number;
  /** Batches allowed to run at once (1 for one in-process model; the worker count for a pool). Default 1. */
  concurrency?: number;
}

/**
 * One CNN, many requests: rows from concurrent requests wait here and go through the model together, one batch
 * at a time per model copy, so concurrent requests share forward passes instead of competing for the cores.
 */
export class BatchQueue<T> {
  private readonly pending: Pending<T>[] = [];
  private running = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly run: BatchRunner<T>,
    private readonly options: BatchQueueOptions,
  ) {}

  get queued(): number {
    return this.pending.length;
  }

  /** Queues all rows of one request atomically (all or none), resolving to one output per row in order. */
  pushAll(inputs: readonly Float32Array[]): Promise<T[]> {
    if (this.pending.length + inputs.length > this.options.maxQueued) {
      return Promise.reject(
        new ServiceUnavailableError(
          `The CNN queue is full (${this.pending.length} images waiting, limit ${this.options.maxQueued}); retry shortly.`,
        ),
      );
    }
    const promises = inputs.map(
      (input) => new Promise<T>((resolve, reject) => this.pending.push({ input, resolve, reject })),
    );
    this.drain();
    return Promise.all(promises);
  }

  /** Resolves once nothing is queued or running (graceful shutdown). */
  idle(): Promise<void> {
    if (this.running === 0 && this.pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Starts batches while there is work and a free slot; each finished batch calls drain again. */
  private drain(): void {
    const slots = this.options.concurrency ?? 1;
    while (this.running < slots && this.pending.length > 0) {
      const batch = this.pending.splice(0, this.options.batchSize);
      this.running += 1;
      void this.runBatch(batch).finally(() => {
        this.running -= 1;
        this.drain();
        if (this.running === 0 && this.pending.length === 0) {
          const waiters = this.idleWaiters;
          this.idleWaiters = [];
          for (const resolve of waiters) resolve();
        }
      });
    }
  }

  private async runBatch(batch: Pending<T>[]): Promise<void> {
    const input = new Float32Array(batch.length * this.options.rowLength);
    batch.forEach((item, i) => input.set(item.input, i * this.options.rowLength));
    try {
      const outputs = await this.run(input, batch.length);
      batch.forEach((item, i) => item.resolve(outputs[i]));
    } catch (error) {
      for (const item of batch) item.reject(error);
    }
  }
}
