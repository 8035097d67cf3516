import { describe, expect, it } from 'vitest';
import { GraphQLRequestError, readResponse } from './graphql-client.js';

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
