import { ServiceUnavailableError } from '../errors/gateway-errors.js';
import { WaitAdmission } from './wait-admission.js';

/**
 * Runs one batch and returns one output per input, in order; an `Error` in place of an output fails that input
 * alone (e.g. an image that did not decode), the others of the batch are answered.
 */
export type BatchRunner<I, T> = (inputs: readonly I[]) => Promise<(T | Error)[]>;

interface Pending<I, T> {
  input: I;
  /** Clock ms by which a client's row must have finished (see `Reservation.dueMs`); undefined for background work. */
  deadline: number | undefined;
  admittedAt: number;
  resolve: (value: T) => void;
  reject: (reason: unknown) => void;
}

export interface BatchQueueOptions {
  /** Rows per call of the runner. */
  batchSize: number;
  /**
   * Longest predicted wait, in ms, a request is queued with (`CLUSTERFLOW_QUEUE_BUDGET_MS`): beyond it `pushAll`
   * fails at once with SERVICE_UNAVAILABLE and a retry hint (see `WaitAdmission`).
   */
  latencyBudgetMs: number;
  /** Batches allowed to run at once (1 for one in-process model; the worker count for a pool). Default 1. */
  concurrency?: number;
  /** Rows admitted while no batch has been timed yet. Default `batchSize` × `concurrency`. */
  unmeasuredRows?: number;
  /** Milliseconds clock the batches are timed with. Default `performance.now`. */
  clock?: () => number;
  /**
   * Let the event loop run one I/O turn between batches. Default false. Set it when the runner computes on the
   * event-loop thread (the in-process CNN): otherwise the next batch starts in the same turn the previous one
   * finished, and its answers wait — unsent — for the whole next batch, as do requests that arrived meanwhile.
   */
  yieldBetweenBatches?: boolean;
}

/** Who is waiting: a client (bounded by the latency budget) or a background job (always queued, it has no client). */
export type QueuePriority = 'request' | 'background';

/** Lateness under which a row is not shed: the time between admission and its batch on an idle queue. */
const SHED_TOLERANCE_MS = 10;

/** An admission by `reserve`: hand it to `pushReserved` (or `release`). */
export interface Reservation {
  rows: number;
  priority: QueuePriority;
  /** Clock ms of the admission. */
  admittedAt: number;
  /**
   * How long after admission a client's rows may finish: the budget, or the request's own predicted time when it
   * was admitted over the budget with nothing ahead (waiting was not the cause, so it is not shed for it).
   */
  dueMs: number;
}

/**
 * One CNN, many requests: rows from concurrent requests wait here and go through the model together, one batch
 * at a time per model copy, so concurrent requests share forward passes instead of competing for the cores.
 */
export class BatchQueue<I, T> {
  private readonly pending: Pending<I, T>[] = [];
  private running = 0;
  private runningRows = 0;
  /** Rows admitted by `reserve` and still decoding. */
  private reserved = 0;
  private idleWaiters: (() => void)[] = [];
  /** When a batch last finished, or the queue last became busy (clock ms): the start of the next timing interval. */
  private intervalStart = 0;
  private shedRows = 0;
  private readonly admission: WaitAdmission;
  private readonly clock: () => number;

  constructor(
    private readonly run: BatchRunner<I, T>,
    private readonly options: BatchQueueOptions,
  ) {
    this.admission = new WaitAdmission({
      budgetMs: options.latencyBudgetMs,
      concurrency: options.concurrency,
      unmeasuredRows:
        (options.unmeasuredRows ?? options.batchSize * Math.max(1, options.concurrency ?? 1)) /
        Math.max(1, options.concurrency ?? 1),
    });
    this.clock = options.clock ?? (() => performance.now());
  }

  get queued(): number {
    return this.pending.length;
  }

  /** Rows refused after admission because they could no longer finish within the budget (see `takeBatch`). */
  get shed(): number {
    return this.shedRows;
  }

  /** Measured CNN throughput, images/s (undefined until a batch has finished). */
  get imagesPerSecond(): number | undefined {
    return this.admission.imagesPerSecond;
  }

  /**
   * Queues all rows of one request atomically (all or none), resolving to one output per row in order. A request
   * whose predicted wait exceeds the latency budget is refused at once (SERVICE_UNAVAILABLE, `retryAfterSeconds`).
   */
  pushAll(inputs: readonly I[], priority: QueuePriority = 'request'): Promise<T[]> {
    let reservation: Reservation;
    try {
      reservation = this.reserve(inputs.length, priority);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.pushReserved(inputs, reservation);
  }

  /**
   * Admits `rows` images before they are decoded (throws SERVICE_UNAVAILABLE when the predicted wait is over the
   * budget): a refused request then costs no decoding, and admitted images count as ahead while they decode.
   * Follow with `pushReserved` (same row count) or `release`. `arrivedAt` (clock ms) is when the client's request
   * arrived: the time since then counts against the budget. Default: now.
   */
  reserve(rows: number, priority: QueuePriority = 'request', arrivedAt?: number): Reservation {
    const now = this.clock();
    // The budget runs from the request's arrival: what it spent before asking counts (see `runWithClientWait`).
    const admittedAt = Math.min(now, arrivedAt ?? now);
    if (priority === 'request') {
      const ahead = this.pending.length + this.runningRows + this.reserved;
      const spent = now - admittedAt;
      const decision = this.admission.admit(ahead, rows, spent);
      if (decision.admitted) {
        this.reserved += rows;
        // Its own rows on one model copy: a request slower than the budget by itself is not shed for that.
        const own = spent + rows * (this.admission.msPerImageEstimate ?? 0);
        return { rows, priority, admittedAt, dueMs: Math.max(this.options.latencyBudgetMs, own) };
      }
      const budget = (this.options.latencyBudgetMs / 1000).toFixed(1);
      const why = Number.isFinite(decision.predictedWaitMs)
        ? `${rows} images behind ${ahead} would wait ≈ ${(decision.predictedWaitMs / 1000).toFixed(1)} s at the measured ${decision.imagesPerSecond.toFixed(1)} images/s`
        : `${rows} images behind ${ahead} cannot be timed yet (no batch has finished)`;
      throw new ServiceUnavailableError(
        `The CNN is busy: ${why}, over the latency budget of ${budget} s (CLUSTERFLOW_QUEUE_BUDGET_MS); retry in ${decision.retryAfterSeconds} s.`,
        decision.retryAfterSeconds,
      );
    }
    this.reserved += rows;
    return { rows, priority, admittedAt, dueMs: Infinity };
  }

  /**
   * Whether `rows` more client images would be refused right now, without reserving anything: lets the HTTP layer
   * refuse a heavy request before reading and parsing its body. Undefined when they would be admitted.
   */
  wouldRefuse(rows: number): { retryAfterSeconds: number; message: string } | undefined {
    try {
      this.release(this.reserve(rows).rows);
    } catch (error) {
      if (error instanceof ServiceUnavailableError) {
        const hint = error.extensions['retryAfterSeconds'];
        return { retryAfterSeconds: typeof hint === 'number' ? hint : 1, message: error.message };
      }
      throw error;
    }
    return undefined;
  }

  /** Gives back a reservation whose images will not come (their decoding failed). */
  release(rows: number): void {
    this.reserved = Math.max(0, this.reserved - rows);
  }

  /** Queues rows admitted by `reserve`. */
  pushReserved(inputs: readonly I[], reservation: Reservation): Promise<T[]> {
    this.release(reservation.rows);
    const { admittedAt } = reservation;
    const deadline = reservation.priority === 'request' ? admittedAt + reservation.dueMs : undefined;
    const promises = inputs.map(
      (input) =>
        new Promise<T>((resolve, reject) =>
          this.pending.push({ input, deadline, admittedAt, resolve, reject }),
        ),
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
      const batch = this.takeBatch();
      if (batch.length === 0) break;
      if (this.running === 0) this.intervalStart = this.clock();
      this.running += 1;
      this.runningRows += batch.length;
      void this.runBatch(batch).finally(() => {
        this.running -= 1;
        this.runningRows -= batch.length;
        if (this.options.yieldBetweenBatches === true) {
          // setImmediate twice: the first runs after this turn's answers are written, the second after the next
          // poll phase, in which requests that arrived during the batch are read and admitted.
          setImmediate(() => setImmediate(() => this.afterBatch()));
          return;
        }
        this.afterBatch();
      });
    }
  }

  /** Starts the next batches, or wakes `idle()` waiters when nothing is left. */
  private afterBatch(): void {
    this.drain();
    if (this.running === 0 && this.pending.length === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  /**
   * The next batch, with deadline shedding: throughput can fall after admission (other work takes the cores). A
   * batch's rows all finish together (its rows × ms per image from now, one model copy), so it takes rows only
   * while none of them would finish after its deadline; a client row that would be late even as the first row of
   * a batch is answered now with SERVICE_UNAVAILABLE instead of late — the client was promised at most the budget,
   * and a retry hint now beats an answer after it gave up. Rows further back are judged when their batch starts.
   */
  private takeBatch(): Pending<I, T>[] {
    const ms = this.admission.msPerImageEstimate;
    if (ms === undefined) return this.pending.splice(0, this.options.batchSize);
    const now = this.clock();
    const batch: Pending<I, T>[] = [];
    // All rows of a batch finish together: one more row delays every row already in it.
    let earliestDeadline = Infinity;
    let taken = 0;
    for (; taken < this.pending.length && batch.length < this.options.batchSize; taken++) {
      const item = this.pending[taken];
      const finish = now + (batch.length + 1) * ms;
      const deadline = item.deadline ?? Infinity;
      // The tolerance covers the event-loop turn between admission and this batch (a row that did not wait).
      if (finish > deadline + SHED_TOLERANCE_MS && batch.length === 0) {
        // Late even as the first row of this batch: every later batch is later still.
        const retryAfterSeconds = Math.max(1, Math.ceil((this.pending.length * ms) / this.slots / 1000));
        item.reject(
          new ServiceUnavailableError(
            `The CNN slowed down after this request was admitted: it would finish ≈ ${((finish - item.admittedAt) / 1000).toFixed(1)} s after admission, over the latency budget of ${(this.options.latencyBudgetMs / 1000).toFixed(1)} s (CLUSTERFLOW_QUEUE_BUDGET_MS); retry in ${retryAfterSeconds} s.`,
            retryAfterSeconds,
          ),
        );
        this.shedRows += 1;
        continue;
      }
      // This row, or one already in the batch, would be late with it: the batch ends here, the row waits for the next.
      if (finish > Math.min(deadline, earliestDeadline) + SHED_TOLERANCE_MS) break;
      batch.push(item);
      earliestDeadline = Math.min(earliestDeadline, deadline);
    }
    this.pending.splice(0, taken);
    return batch;
  }

  private get slots(): number {
    return Math.max(1, this.options.concurrency ?? 1);
  }

  private async runBatch(batch: Pending<I, T>[]): Promise<void> {
    try {
      const outputs = await this.run(batch.map((item) => item.input));
      // Honest throughput: the time since the previous batch finished (not only this run), times the batches in
      // flight, per image. It includes what the queue does not see between runs (decoding, answering, GraphQL on
      // a busy event loop), which a run-only timing left out and so predicted waits shorter than the real ones.
      const now = this.clock();
      this.admission.record(batch.length, (now - this.intervalStart) * this.running);
      this.intervalStart = now;
      batch.forEach((item, i) => {
        const output = outputs[i];
        if (output instanceof Error) item.reject(output);
        else item.resolve(output);
      });
    } catch (error) {
      for (const item of batch) item.reject(error);
    }
  }
}
