import { describe, expect, it } from 'vitest';
import { BatchQueue } from '../src/extractor/batch-queue.js';

/** Runner that records batch sizes and returns each row's first value doubled. */
function recorder(): { sizes: number[]; run: (input: Float32Array, rows: number) => Promise<number[]> } {
  const sizes: number[] = [];
  return {
    sizes,
    run: async (input, rows) => {
      sizes.push(rows);
      await new Promise((resolve) => setTimeout(resolve, 5));
      return Array.from({ length: rows }, (_, r) => input[r * 2] * 2);
    },
  };
}

const row = (v: number): Float32Array => new Float32Array([v, -v]);

describe('BatchQueue', () => {
  it('serves concurrent requests together, in batches of at most batchSize, each answer to its caller', async () => {
    const r = recorder();
    const queue = new BatchQueue<number>(r.run, { batchSize: 4, maxQueued: 100, rowLength: 2 });
    const requests = [0, 1, 2, 3, 4].map((k) => queue.pushAll([row(k * 10 + 1), row(k * 10 + 2)]));
    const answers = await Promise.all(requests);
    expect(answers).toEqual([0, 1, 2, 3, 4].map((k) => [(k * 10 + 1) * 2, (k * 10 + 2) * 2]));
    // 10 rows: the first request starts a batch alone, the other 8 rows wait and go in batches of 4.
    expect(r.sizes).toEqual([2, 4, 4]);
    await queue.idle();
    expect(queue.queued).toBe(0);
  });

  it('refuses work beyond maxQueued with SERVICE_UNAVAILABLE and keeps serving', async () => {
    const r = recorder();
    const queue = new BatchQueue<number>(r.run, { batchSize: 2, maxQueued: 3, rowLength: 2 });
    // The first two rows go straight into a running batch; one waits. Three more would make four waiting.
    const first = queue.pushAll([row(1), row(2), row(3)]);
    await expect(queue.pushAll([row(4), row(5), row(6)])).rejects.toMatchObject({
      extensions: { code: 'SERVICE_UNAVAILABLE' },
    });
    expect(await first).toEqual([2, 4, 6]);
    expect(await queue.pushAll([row(7), row(8), row(9)])).toEqual([14, 16, 18]);
  });

  it('rejects only the batch whose run failed', async () => {
    let calls = 0;
    const queue = new BatchQueue<number>(
      async (input, rows) => {
        calls += 1;
        if (calls === 1) throw new Error('boom');
        return Array.from({ length: rows }, (_, i) => input[i * 2]);
      },
      { batchSize: 1, maxQueued: 10, rowLength: 2 },
    );
    const a = queue.pushAll([row(1)]);
    const b = queue.pushAll([row(2)]);
    await expect(a).rejects.toThrow('boom');
    expect(await b).toEqual([2]);
  });

  it('runs up to `concurrency` batches at once (one per pooled model copy)', async () => {
    let inFlight = 0;
    let peak = 0;
    const queue = new BatchQueue<number>(
      async (input, rows) => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 10));
        inFlight -= 1;
        return Array.from({ length: rows }, (_, r) => input[r * 2]);
      },
      { batchSize: 2, maxQueued: 100, rowLength: 2, concurrency: 2 },
    );
    const answers = await Promise.all([1, 2, 3, 4].map((k) => queue.pushAll([row(k), row(k + 10)])));
    expect(answers).toEqual([1, 2, 3, 4].map((k) => [k, k + 10]));
    expect(peak).toBe(2);
    await queue.idle();
  });
});
