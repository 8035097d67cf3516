import { afterEach, describe, expect, it, vi } from 'vitest';
import { GraphQLRequestError, graphqlRequest, isQueryDocument, readResponse } from './graphql-client.js';

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

async function failure(response: Response): Promise<GraphQLRequestError> {
  try {
    await readResponse(response);
  } catch (error) {
    if (error instanceof GraphQLRequestError) return error;
    throw error;
  }
  throw new Error('readResponse resolved but should have thrown');
}

describe('readResponse', () => {
  it('returns data', async () => {
    expect(await readResponse<{ a: number }>(json({ data: { a: 1 } }))).toEqual({ a: 1 });
  });

  it('throws the GraphQL message and code, even with partial data or a 400 status', async () => {
    const error = await failure(
      json(
        {
          data: null,
          errors: [
            { message: 'images has 2 entries; allowed: 3 to 16.', extensions: { code: 'BAD_USER_INPUT' } },
          ],
        },
        400,
      ),
    );
    expect(error.message).toBe('images has 2 entries; allowed: 3 to 16.');
    expect(error.code).toBe('BAD_USER_INPUT');
  });

  it('joins several messages and keeps the first code', async () => {
    const error = await failure(
      json({
        errors: [{ message: 'first', extensions: { code: 'UNAUTHENTICATED' } }, { message: 'second' }],
      }),
    );
    expect(error.message).toBe('first · second');
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.errors).toHaveLength(2);
  });

  it('reports a non-JSON answer with its status and the start of the body', async () => {
    const error = await failure(new Response('<html>Bad gateway</html>', { status: 502 }));
    expect(error.code).toBe('HTTP_502');
    expect(error.message).toBe('The gateway answered HTTP 502: <html>Bad gateway</html>');
  });
});

describe('graphqlRequest when the CNN is busy', () => {
  const busy = (seconds: number) =>
    json(
      {
        errors: [
          {
            message: 'The CNN is busy: retry in 1 s.',
            extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: seconds },
          },
        ],
      },
      503,
    );

  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('tells queries from mutations', () => {
    expect(isQueryDocument('query A { a }')).toBe(true);
    expect(isQueryDocument('  # note\n{ a }')).toBe(true);
    expect(isQueryDocument('mutation M { m }')).toBe(false);
    expect(isQueryDocument('queryish')).toBe(false);
  });

  it('sends a query again after the hint and returns the data of the answer that came', async () => {
    vi.useFakeTimers();
    const answers = [busy(2), busy(1), json({ data: { a: 1 } })];
    const fetch = vi.fn(async () => answers.shift() as Response);
    vi.stubGlobal('fetch', fetch);
    const waits: number[] = [];
    const done = graphqlRequest<{ a: number }>('query { a }', {}, { onBusy: (s) => waits.push(s) });
    await vi.advanceTimersByTimeAsync(3000);
    expect(await done).toEqual({ a: 1 });
    expect(fetch).toHaveBeenCalledTimes(3);
    expect(waits).toEqual([2, 1]);
  });

  it('gives up with the server message once the retry time is spent, and never retries a mutation', async () => {
    vi.useFakeTimers();
    const fetch = vi.fn(async () => busy(5));
    vi.stubGlobal('fetch', fetch);
    const query = graphqlRequest('query { a }', {}, { busyRetryMs: 7000 }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(6000);
    const error = await query;
    expect(error).toBeInstanceOf(GraphQLRequestError);
    expect((error as GraphQLRequestError).code).toBe('SERVICE_UNAVAILABLE');
    expect(fetch).toHaveBeenCalledTimes(2); // 5 s waited; another 5 s would pass 7 s
    fetch.mockClear();
    await expect(graphqlRequest('mutation { m }', {})).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});
