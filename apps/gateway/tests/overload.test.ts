import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, startTestGateway, type TestGateway } from './helpers/test-gateway.js';

let t: TestGateway;
beforeAll(async () => {
  // The smallest budget: one image at a time fits, a crowd does not. The CNN in a child process: in this process
  // its forward passes hold the event loop, so a crowd waits in the sockets, before the queue can count it.
  t = await startTestGateway({ limits: { queueBudgetMs: 100 }, workers: 1 });
});
afterAll(async () => {
  await t.close();
  removeDir(t.dir);
});

const CLASSIFY = '{ classify(image: { sampleId: "pets-cat-01" }) { top { name } } }';

describe('CNN queue bounded by predicted wait (CLUSTERFLOW_QUEUE_BUDGET_MS)', () => {
  it('answers a crowd beyond the budget at once with 503, Retry-After and SERVICE_UNAVAILABLE; serves the rest', async () => {
    const results = await Promise.all(Array.from({ length: 40 }, () => t.gql(CLASSIFY)));
    const served = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status === 503);
    expect(served.length + refused.length).toBe(40);
    expect(served.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    for (const r of served) expect(r.errors).toBeUndefined();
    for (const r of refused) {
      const error = r.errors?.[0];
      expect(error?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(error?.message).toMatch(
        /latency budget of 0\.1 s \(CLUSTERFLOW_QUEUE_BUDGET_MS\); retry in \d+ s/,
      );
      const hint = error?.extensions?.['retryAfterSeconds'];
      expect(Number.isInteger(hint) && (hint as number) >= 1).toBe(true);
      expect(r.headers.get('retry-after')).toBe(String(hint));
      expect(error?.extensions).not.toHaveProperty('http');
    }
    // With nothing ahead a request is always admitted, even one slower than the budget by itself.
    const again = await t.gql(CLASSIFY);
    expect(again.status).toBe(200);
  });
});
