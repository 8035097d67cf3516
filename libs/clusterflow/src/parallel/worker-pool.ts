import type { Worker } from 'node:worker_threads';
import { InvalidInputError } from '../errors/clusterflow-error.js';

/** Messages from the pool to a worker (see parallel-worker.ts). */
export type WorkerRequest =
  | { readonly type: 'reset' }
  | {
      readonly type: 'kmeans-init';
      readonly state: unknown;
      readonly counter: Int32Array;
      readonly slot: number;
    }
  | { readonly type: 'kmeans-op'; readonly op: unknown; readonly total: number }
  | {
      readonly type: 'silhouette';
      readonly input: unknown;
      readonly sums: Float64Array;
      readonly tiles: Int32Array;
      readonly blockSize: number;
      readonly worker: number;
      readonly workers: number;
      /** Shared wasm memory holding input.data as f64 when the SIMD kernels are used. */
      readonly simdMemory: unknown;
    };

/** Pools not in use, kept warm (threads started, kernels compiled) for the next call. */
const idle: WorkerPool[] = [];
const MAX_IDLE = 2;

/**
 * A few worker threads running parallel-worker, each request broadcast to all and awaited. Node only: the
 * worker_threads module is imported lazily so importing the library stays browser-safe. Pools are reused across
 * calls (`acquire` / `release`): starting threads and warming their JIT costs more than a mid-size job. Idle
 * workers are unref'd, so they never keep the process alive.
 */
export class WorkerPool {
  private broken = false;

  private constructor(private readonly workers: Worker[]) {}

  /** A warm idle pool of this size, or a new one. The caller has it to itself until `release`. */
  static async acquire(size: number): Promise<WorkerPool> {
    const i = idle.findIndex((p) => p.size === size);
    if (i >= 0) return idle.splice(i, 1)[0];
    return WorkerPool.create(size);
  }

  /** Drops the workers' references to the job's data and returns the pool to the idle list (or closes it). */
  async release(): Promise<void> {
    if (!this.broken) {
      try {
        await this.run(() => ({ type: 'reset' }));
      } catch {
        this.broken = true;
      }
    }
    if (this.broken || idle.length >= MAX_IDLE) await this.close();
    else idle.push(this);
  }

  static async create(size: number): Promise<WorkerPool> {
    const { Worker: WorkerCtor } = await import('node:worker_threads');
    const here = import.meta.url;
    const workers: Worker[] = [];
    for (let i = 0; i < size; i++) {
      if (here.endsWith('.ts')) {
        // Running from source (tests): load the TypeScript worker through tsx.
        const url = new URL('./parallel-worker.ts', here).href;
        const code = `import('tsx/esm/api').then((api) => api.tsImport(${JSON.stringify(url)}, ${JSON.stringify(url)}))`;
        workers.push(new WorkerCtor(code, { eval: true }));
      } else {
        workers.push(new WorkerCtor(new URL('./parallel-worker.js', here)));
      }
    }
    for (const w of workers) w.unref();
    return new WorkerPool(workers);
  }

  get size(): number {
    return this.workers.length;
  }

  /** Sends one request per worker (`make(i)`) and resolves when every worker has answered. */
  run(make: (worker: number) => WorkerRequest): Promise<void> {
    return Promise.all(
      this.workers.map(
        (w, i) =>
          new Promise<void>((resolve, reject) => {
            const onMessage = (): void => {
              w.off('error', onError);
              w.unref();
              resolve();
            };
            const onError = (e: Error): void => {
              w.off('message', onMessage);
              this.broken = true;
              reject(e);
            };
            w.once('message', onMessage);
            w.once('error', onError);
            // Referenced while it works, so the process waits for the answer.
            w.ref();
            w.postMessage(make(i));
          }),
      ),
    ).then(() => undefined);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** Resolves the `workers` option: default = available cores (at least 1). */
export async function resolveWorkerCount(fn: string, workers: number | undefined): Promise<number> {
  if (workers !== undefined) {
    if (!Number.isInteger(workers) || workers < 1) {
      throw new InvalidInputError(`${fn}: workers must be an integer >= 1, got ${workers}`);
    }
    return workers;
  }
  const os = await import('node:os');
  return Math.max(1, os.availableParallelism());
}
