/** Options of `WaitAdmission`. */
export interface WaitAdmissionOptions {
  /** Longest predicted wait (queue + own images through the CNN) a request is admitted with, in ms. */
  budgetMs: number;
  /** Batches run at once (model copies). Default 1. */
  concurrency?: number;
  /** Weight of the newest batch in the throughput average (EWMA). Default 0.3: a few batches follow a change. */
  smoothing?: number;
  /** Rows admitted before any batch was timed (nothing to predict from yet). Default 16. */
  unmeasuredRows?: number;
  /**
   * Mean deviations added to the mean ms per image for predictions. Default 2: with 1, on a shared 2-core machine
   * the slowest admitted requests still finished up to 17 % over the budget (3511 ms against 3000, 2 workers).
   */
  deviations?: number;
}

/** The admission decision for one request. */
export type Admission =
  | { admitted: true; predictedWaitMs: number | undefined }
  | { admitted: false; predictedWaitMs: number; retryAfterSeconds: number; imagesPerSecond: number };

/**
 * Bounds the CNN queue by predicted waiting time instead of length: throughput is measured (EWMA of ms per image
 * over finished batches, per model copy, plus 2 × its EWMA deviation by default), and a request whose images would finish later than `budgetMs` from now
 * is refused at once — answering "retry in N s" beats answering after the client gave up. Pure bookkeeping: the
 * queue reports batch timings and asks before queueing, so the rule is tested with any clock.
 */
export class WaitAdmission {
  private msPerImage: number | undefined;
  /** EWMA of |sample − mean|: how much a batch's ms per image varies. */
  private msDeviation = 0;
  private readonly slots: number;
  private readonly smoothing: number;
  private readonly unmeasuredRows: number;
  private readonly deviations: number;

  constructor(private readonly options: WaitAdmissionOptions) {
    this.slots = Math.max(1, options.concurrency ?? 1);
    this.smoothing = options.smoothing ?? 0.3;
    this.unmeasuredRows = options.unmeasuredRows ?? 16;
    this.deviations = options.deviations ?? 2;
    if (!(this.deviations >= 0)) throw new RangeError(`deviations is ${this.deviations}; it must be ≥ 0.`);
    if (!(options.budgetMs > 0)) throw new RangeError(`budgetMs is ${options.budgetMs}; it must be > 0.`);
    if (!(this.smoothing > 0 && this.smoothing <= 1))
      throw new RangeError(`smoothing is ${this.smoothing}; allowed: (0, 1].`);
  }

  /** Measured throughput of all model copies together, images/s (undefined before the first batch finished). */
  get imagesPerSecond(): number | undefined {
    return this.msPerImage === undefined ? undefined : (1000 * this.slots) / this.msPerImage;
  }

  /**
   * The ms per image (per model copy) waits are predicted with: the mean plus `deviations` × its mean deviation (as TCP's
   * retransmission timer does), so a throughput that varies — a shared machine — is not predicted by its average.
   */
  get msPerImageEstimate(): number | undefined {
    return this.msPerImage === undefined ? undefined : this.msPerImage + this.deviations * this.msDeviation;
  }

  /** A batch of `rows` images took `ms` on one model copy. */
  record(rows: number, ms: number): void {
    if (rows <= 0 || !(ms >= 0)) return;
    const sample = ms / rows;
    if (this.msPerImage === undefined) {
      this.msPerImage = sample;
      return;
    }
    this.msDeviation += this.smoothing * (Math.abs(sample - this.msPerImage) - this.msDeviation);
    this.msPerImage += this.smoothing * (sample - this.msPerImage);
  }

  /**
   * Whether `rows` more images may queue behind `ahead` images (waiting or running): their predicted completion,
   * (ahead + rows) × ms per image / model copies, plus the `spentMs` the request already spent before it asked,
   * must be within the budget. With nothing ahead, always.
   */
  admit(ahead: number, rows: number, spentMs = 0): Admission {
    // Nothing ahead: waiting cannot make it faster, so even a request slower than the budget by itself goes in.
    const ms = this.msPerImageEstimate;
    if (ahead === 0)
      return { admitted: true, predictedWaitMs: ms === undefined ? undefined : (rows * ms) / this.slots };
    if (ms === undefined) {
      return ahead + rows <= this.unmeasuredRows * this.slots
        ? { admitted: true, predictedWaitMs: undefined }
        : this.refuse(Infinity, 0, 1);
    }
    const predictedWaitMs = ((ahead + rows) * ms) / this.slots;
    if (predictedWaitMs + spentMs <= this.options.budgetMs) return { admitted: true, predictedWaitMs };
    // By then the queue ahead has drained enough for this request to fit the budget — or, for a request slower
    // than the budget by itself (admitted only with nothing ahead), until the queue ahead has drained.
    const ownMs = (rows * ms) / this.slots;
    const retryAfterSeconds = Math.max(
      1,
      Math.ceil((predictedWaitMs - Math.max(this.options.budgetMs, ownMs)) / 1000),
    );
    return this.refuse(predictedWaitMs, this.imagesPerSecond ?? 0, retryAfterSeconds);
  }

  private refuse(predictedWaitMs: number, imagesPerSecond: number, retryAfterSeconds: number): Admission {
    return { admitted: false, predictedWaitMs, retryAfterSeconds, imagesPerSecond };
  }
}
