import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, sampleBase64, startTestGateway, type TestGateway } from './helpers/test-gateway.js';

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
    expect(again.status, JSON.stringify(again.errors)).toBe(200);
  });

  it('refuses a heavy query body (inline images) before parsing it while the CNN is over budget', async () => {
    // Not JSON past its start: parsed, it is a 400; refused before parsing (the CNN busy), a 503.
    const heavy = `{"query": "{ classify(image: {base64: \\"${'A'.repeat(70_000)}\\"}) { top { name } } }", oops`;
    const send = (): Promise<Response> =>
      fetch(`${t.gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: heavy,
      });
    const idle = await send();
    expect(idle.status).toBe(400);
    expect(((await idle.json()) as { errors: { message: string }[] }).errors[0].message).toMatch(
      /not valid JSON/,
    );
    // Four clients keep classifying (each re-sends once answered), so images are always queued or running.
    let stop = false;
    const client = async (): Promise<void> => {
      while (!stop) await t.gql(CLASSIFY);
    };
    const clients = Promise.all([client(), client(), client(), client()]);
    let refused: Response | undefined;
    const statuses: number[] = [];
    for (let i = 0; i < 200 && refused === undefined; i++) {
      const r = await send();
      statuses.push(r.status);
      if (r.status === 503) refused = r;
      else await new Promise((resolve) => setTimeout(resolve, 5));
    }
    stop = true;
    await clients;
    expect(
      refused,
      `a heavy query was refused early while the crowd was queued (${statuses.join(',')})`,
    ).toBeDefined();
    const body = (await refused?.json()) as {
      errors: { message: string; extensions: Record<string, unknown> }[];
    };
    expect(body.errors[0].extensions['code']).toBe('SERVICE_UNAVAILABLE');
    expect(body.errors[0].message).toMatch(/latency budget of 0\.1 s/);
    expect(refused?.headers.get('retry-after')).toBe(String(body.errors[0].extensions['retryAfterSeconds']));
    // A heavy mutation is never refused early (uploads for worlds become background jobs): it is parsed, 400.
    const mutation = await fetch(`${t.gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: heavy.replace('"{ classify', '"mutation { classify'),
    });
    expect(mutation.status).toBe(400);
  });
});

describe('images decoded in the extractor child (CLUSTERFLOW_WORKERS=1: the gateway sends the bytes)', () => {
  it('fails a request with an undecodable image with BAD_USER_INPUT naming it; the next request is answered', async () => {
    const truncated = Buffer.from(sampleBase64('pets/cat/cat.1.jpg'), 'base64')
      .subarray(0, 3000)
      .toString('base64');
    const ODD = 'query($i: [ImageInput!]!) { oddOneOut(images: $i) { index } }';
    const good = [
      { sampleId: 'pets-cat-01' },
      { sampleId: 'pets-cat-02' },
      { sampleId: 'imagenet4-wine-bottle-01' },
    ];
    // One after the other: this file's budget (0.1 s) would refuse the second behind the first's three images.
    const bad = await t.gql(ODD, { i: [good[0], { base64: truncated }, good[2]] });
    const ok = await t.gql<{ oddOneOut: { index: number } }>(ODD, { i: good });
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0].message).toMatch(
      /^images\[1\]: .*(truncated|cut off|could not be decoded|not a decodable)/,
    );
    // The wine bottle is the odd one out (the bench's known answer).
    expect(ok.errors).toBeUndefined();
    expect(ok.data?.oddOneOut.index).toBe(2);
  });
});
