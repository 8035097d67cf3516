import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnGateway, type SpawnedGateway } from './helpers/spawn-gateway.js';

interface ErrorBody {
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

async function post(url: string, query: string): Promise<ErrorBody> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return (await res.json()) as ErrorBody;
}

/** One error of each origin: a parse error, a validation error, a resolver's own BAD_USER_INPUT. */
const BAD_QUERIES = [
  '{ health { status }',
  '{ helth { status } }',
  '{ classify(image: {}) { top { name } } }',
];

describe('the started service (node dist/main.js, as npm start runs it, no NODE_ENV)', () => {
  let plain: SpawnedGateway;
  beforeAll(async () => {
    plain = await spawnGateway();
  });
  afterAll(() => plain.stop());

  it('sends no stack traces in GraphQL errors by default', async () => {
    for (const query of BAD_QUERIES) {
      const body = await post(plain.url, query);
      expect(body.errors?.length, query).toBeGreaterThan(0);
      for (const error of body.errors ?? []) {
        expect(error.extensions, query).not.toHaveProperty('stacktrace');
        expect(error.message, query).not.toMatch(/\n\s+at /);
      }
    }
  });
});

describe('CLUSTERFLOW_DEBUG_ERRORS=1 (development opt-in)', () => {
  let debug: SpawnedGateway;
  beforeAll(async () => {
    debug = await spawnGateway({ CLUSTERFLOW_DEBUG_ERRORS: '1' });
  });
  afterAll(() => debug.stop());

  it('adds extensions.stacktrace to every error', async () => {
    for (const query of BAD_QUERIES) {
      const body = await post(debug.url, query);
      const trace = body.errors?.[0].extensions?.['stacktrace'];
      expect(Array.isArray(trace), query).toBe(true);
      expect((trace as string[]).length, query).toBeGreaterThan(0);
    }
  });
});
