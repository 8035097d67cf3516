import { describe, expect, it } from 'vitest';
import { BatchQueue } from '../src/extractor/batch-queue.js';
import { WaitAdmission } from '../src/extractor/wait-admission.js';

/** Runner that records batch sizes and returns each row's first value doubled. */
function recorder(): { sizes: number[]; run: (inputs: readonly Float32Array[]) => Promise<number[]> } {
  const sizes: number[] = [];
  return {
    sizes,
    run: async (inputs) => {
      sizes.push(inputs.length);
      await new Promise((resolve) => setTimeout(resolve, 5));
      return inputs.map((input) => input[0] * 2);
    },
  };
}

const row = (v: number): Float32Array => new Float32Array([v, -v]);

describe('BatchQueue', () => {
  it('serves concurrent requests together, in batches of at most batchSize, each answer to its caller', async () => {
    const r = recorder();
    const queue = new BatchQueue<Float32Array, number>(r.run, {
      batchSize: 4,
      latencyBudgetMs: 60_000,
      unmeasuredRows: 100,
    });
    const requests = [0, 1, 2, 3, 4].map((k) => queue.pushAll([row(k * 10 + 1), row(k * 10 + 2)]));
    const answers = await Promise.all(requests);
    expect(answers).toEqual([0, 1, 2, 3, 4].map((k) => [(k * 10 + 1) * 2, (k * 10 + 2) * 2]));
    // 10 rows: the first request starts a batch alone, the other 8 rows wait and go in batches of 4.
    expect(r.sizes).toEqual([2, 4, 4]);
    await queue.idle();
    expect(queue.queued).toBe(0);
  });

  it('with a runner that blocks the event loop, answers a batch and reads new I/O before the next batch starts', async () => {
    const events: string[] = [];
    // Computes synchronously, as the in-process CNN does: nothing else runs until it returns.
    const blocking = (inputs: readonly Float32Array[]): Promise<number[]> => {
      events.push(`run ${inputs.length}`);
      return Promise.resolve(inputs.map((input) => input[0]));
    };
    const make = (yieldBetweenBatches: boolean) =>
      new BatchQueue<Float32Array, number>(blocking, {
        batchSize: 1,
        latencyBudgetMs: 60_000,
        unmeasuredRows: 100,
        yieldBetweenBatches,
      });
    for (const yieldBetweenBatches of [false, true]) {
      events.length = 0;
      const queue = make(yieldBetweenBatches);
      const first = queue.pushAll([row(1)]).then(() => events.push('answer 1'));
      const second = queue.pushAll([row(2)]).then(() => events.push('answer 2'));
      // An I/O callback queued while the first batch runs (a request arriving, a socket write finishing).
      setImmediate(() => events.push('io'));
      await Promise.all([first, second]);
      await queue.idle();
      await new Promise((resolve) => setImmediate(resolve));
      if (yieldBetweenBatches) expect(events).toEqual(['run 1', 'answer 1', 'io', 'run 1', 'answer 2']);
      // Without yielding, the second batch starts in the turn the first finished: before the I/O gets a turn.
      else expect(events.lastIndexOf('run 1')).toBeLessThan(events.indexOf('io'));
    }
  });

  it('rejects only the batch whose run failed', async () => {
    let calls = 0;
    const queue = new BatchQueue<Float32Array, number>(
      async (inputs) => {
        calls += 1;
        if (calls === 1) throw new Error('boom');
        return inputs.map((input) => input[0]);
      },
      { batchSize: 1, latencyBudgetMs: 60_000, unmeasuredRows: 100 },
    );
    const a = queue.pushAll([row(1)]);
    const b = queue.pushAll([row(2)]);
    await expect(a).rejects.toThrow('boom');
    expect(await b).toEqual([2]);
  });

  it('fails only the rows the runner answered with an Error (an image that did not decode)', async () => {
    const queue = new BatchQueue<Float32Array, number>(
      async (inputs) =>
        inputs.map((input) => (input[0] < 0 ? new Error(`row ${-input[0]} is bad`) : input[0])),
      { batchSize: 8, latencyBudgetMs: 60_000, unmeasuredRows: 100 },
    );
    const good = queue.pushAll([new Float32Array([1]), new Float32Array([2])]);
    const bad = queue.pushAll([new Float32Array([3]), new Float32Array([-4])]);
    expect(await good).toEqual([1, 2]);
    await expect(bad).rejects.toThrow('row 4 is bad');
  });

  it('runs up to `concurrency` batches at once (one per pooled model copy)', async () => {
    let inFlight = 0;
    let peak = 0;
    const queue = new BatchQueue<Float32Array, number>(
      async (inputs) => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 10));
        inFlight -= 1;
        return inputs.map((input) => input[0]);
      },
      { batchSize: 2, latencyBudgetMs: 60_000, unmeasuredRows: 100, concurrency: 2 },
    );
    const answers = await Promise.all([1, 2, 3, 4].map((k) => queue.pushAll([row(k), row(k + 10)])));
    expect(answers).toEqual([1, 2, 3, 4].map((k) => [k, k + 10]));
    expect(peak).toBe(2);
    await queue.idle();
  });

  it('admits by predicted wait: measured ms per image × images ahead against the budget (fake clock)', async () => {
    let now = 0;
    const release: (() => void)[] = [];
    const queue = new BatchQueue<Float32Array, number>(
      (inputs) => new Promise((resolve) => release.push(() => resolve(inputs.map((input) => input[0])))),
      { batchSize: 2, latencyBudgetMs: 1000, clock: () => now },
    );
    const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
    // Nothing timed yet: one batch's worth (2 rows) is admitted, more is refused until a batch has been timed.
    const first = queue.pushAll([row(1), row(2)]);
    await expect(queue.pushAll([row(3)])).rejects.toMatchObject({
      extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 1 },
    });
    now += 200; // the batch took 200 ms for 2 images: 100 ms per image
    release.shift()?.();
    expect(await first).toEqual([1, 2]);
    expect(queue.imagesPerSecond).toBeCloseTo(10, 10);
    // 8 images, nothing ahead: ≈ 800 ms ≤ 1000 → admitted (2 start at once, 6 wait).
    const eight = queue.pushAll([1, 2, 3, 4, 5, 6, 7, 8].map(row));
    // 3 more behind those 8: (8 + 3) × 100 = 1100 ms > 1000 → refused at once, retry after the 100 ms excess.
    const refused = queue.pushAll([row(9), row(10), row(11)]);
    await expect(refused).rejects.toMatchObject({
      extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 1 },
    });
    await expect(refused).rejects.toThrow(
      /wait ≈ 1\.1 s at the measured 10\.0 images\/s, over the latency budget of 1\.0 s/,
    );
    // 2 more: (8 + 2) × 100 = 1000 ms, exactly the budget → admitted; a background job is never refused.
    const two = queue.pushAll([row(9), row(10)]);
    const job = queue.pushAll([row(11), row(12), row(13)], 'background');
    expect(queue.queued).toBe(6 + 2 + 3);
    // Slower batches raise the estimate (EWMA, weight 0.3): 400 ms for 2 → 100 + 0.3 × (200 − 100) = 130 ms/image.
    now += 400;
    release.shift()?.();
    await settle();
    expect(queue.imagesPerSecond).toBeCloseTo(1000 / 130, 10);
    while (release.length > 0) {
      release.shift()?.();
      await settle();
    }
    expect(await eight).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(await two).toEqual([9, 10]);
    expect(await job).toEqual([11, 12, 13]);
  });
});

describe('BatchQueue deadline shedding', () => {
  it("runs a request's deadline from its arrival: time spent before reserve counts", async () => {
    let now = 1000;
    const release: (() => void)[] = [];
    const queue = new BatchQueue<Float32Array, number>(
      (inputs) => new Promise((resolve) => release.push(() => resolve(inputs.map((input) => input[0])))),
      { batchSize: 4, latencyBudgetMs: 1000, unmeasuredRows: 100, clock: () => now },
    );
    const first = queue.pushAll([row(1)]);
    now = 1100; // 100 ms per image
    release.shift()?.();
    expect(await first).toEqual([1]);
    const busy = queue.pushAll([row(2), row(3)]); // running: 2 rows ahead of what follows
    // 1 row behind 2: (2 + 1) × 100 = 300 ms; arrived 600 ms ago → 900 ≤ 1000, admitted; 800 ms ago → refused.
    const late = queue.reserve(1, 'request', now - 600);
    expect(late.admittedAt).toBe(now - 600);
    queue.release(1);
    expect(() => queue.reserve(1, 'request', now - 800)).toThrow(/latency budget of 1\.0 s/);
    now = 1300;
    release.shift()?.();
    expect(await busy).toEqual([2, 3]);
  });

  it('answers queued client rows that can no longer finish within the budget with 503, never background rows', async () => {
    let now = 0;
    const release: (() => void)[] = [];
    const queue = new BatchQueue<Float32Array, number>(
      (inputs) => new Promise((resolve) => release.push(() => resolve(inputs.map((input) => input[0])))),
      { batchSize: 1, latencyBudgetMs: 1000, unmeasuredRows: 100, clock: () => now },
    );
    const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
    // Admitted while nothing was timed (unmeasured): three client rows and one background row at t = 0.
    const a = queue.pushAll([row(1)]);
    const b = queue.pushAll([row(2)]);
    const c = queue.pushAll([row(3)]);
    const job = queue.pushAll([row(4)], 'background');
    // The first batch takes 600 ms (600 ms per image): b would finish at 1200 ms > its 1000 ms deadline.
    now = 600;
    release.shift()?.();
    expect(await a).toEqual([1]);
    await expect(b).rejects.toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE' } });
    await expect(b).rejects.toThrow(
      /would finish ≈ 1\.2 s after admission, over the latency budget of 1\.0 s/,
    );
    await expect(c).rejects.toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE' } });
    expect(queue.shed).toBe(2);
    // The background row has no client and no deadline: it still runs.
    await settle();
    now = 1200;
    release.shift()?.();
    expect(await job).toEqual([4]);
  });
});

describe('WaitAdmission', () => {
  it('predicts with the mean plus the mean deviation of ms per image (a varying throughput is not averaged away)', () => {
    const a = new WaitAdmission({ budgetMs: 10_000, smoothing: 0.5, deviations: 1 });
    a.record(1, 100);
    expect(a.msPerImageEstimate).toBe(100);
    a.record(1, 300); // mean 100 + 0.5 × 200 = 200; deviation 0 + 0.5 × |300 − 100| = 100
    expect(a.msPerImageEstimate).toBe(300);
    expect(a.imagesPerSecond).toBeCloseTo(5, 10);
    expect(a.admit(9, 1)).toEqual({ admitted: true, predictedWaitMs: 3000 });
    // Time the request already spent before asking (parsing, validation) counts against the budget.
    const b = new WaitAdmission({ budgetMs: 3000 });
    b.record(10, 1000); // 100 ms per image
    expect(b.admit(20, 5, 400)).toEqual({ admitted: true, predictedWaitMs: 2500 });
    expect(b.admit(20, 5, 600)).toMatchObject({ admitted: false, predictedWaitMs: 2500 });
    // By default two mean deviations: 100 ms then 300 ms per image (smoothing 0.5) → 200 + 2 × 100.
    const c = new WaitAdmission({ budgetMs: 3000, smoothing: 0.5 });
    c.record(1, 100);
    c.record(1, 300);
    expect(c.msPerImageEstimate).toBe(400);
    expect(() => new WaitAdmission({ budgetMs: 1, deviations: -1 })).toThrow(
      /deviations is -1; it must be ≥ 0/,
    );
  });

  it('divides the predicted wait by the model copies and hints the retry from the excess', () => {
    const one = new WaitAdmission({ budgetMs: 3000 });
    const two = new WaitAdmission({ budgetMs: 3000, concurrency: 2 });
    for (const a of [one, two]) a.record(16, 1600); // 100 ms per image on each copy
    expect(one.imagesPerSecond).toBeCloseTo(10, 10);
    expect(two.imagesPerSecond).toBeCloseTo(20, 10);
    expect(one.admit(20, 10)).toEqual({ admitted: true, predictedWaitMs: 3000 });
    expect(one.admit(40, 16)).toEqual({
      admitted: false,
      predictedWaitMs: 5600,
      retryAfterSeconds: 3,
      imagesPerSecond: 10,
    });
    expect(two.admit(40, 16)).toEqual({ admitted: true, predictedWaitMs: 2800 });
    // Nothing ahead: admitted even when the request alone is over the budget (waiting would not help).
    expect(one.admit(0, 40)).toEqual({ admitted: true, predictedWaitMs: 4000 });
    // Behind 16 images it must wait for those alone (1.6 s → retry in 2 s), not for its own 9.6 s over the budget.
    expect(one.admit(16, 96)).toEqual({
      admitted: false,
      predictedWaitMs: 11200,
      retryAfterSeconds: 2,
      imagesPerSecond: 10,
    });
  });

  it('follows a throughput change within a few batches and rejects bad options', () => {
    const a = new WaitAdmission({ budgetMs: 1000, smoothing: 0.5 });
    a.record(10, 1000);
    a.record(10, 3000); // 100 → 200 ms/image
    expect(a.imagesPerSecond).toBeCloseTo(1000 / 200, 10);
    a.record(0, 50); // an empty batch says nothing
    expect(a.imagesPerSecond).toBeCloseTo(5, 10);
    expect(() => new WaitAdmission({ budgetMs: 0 })).toThrow(/budgetMs is 0; it must be > 0/);
    expect(() => new WaitAdmission({ budgetMs: 1, smoothing: 2 })).toThrow(
      /smoothing is 2; allowed: \(0, 1\]/,
    );
  });
});
