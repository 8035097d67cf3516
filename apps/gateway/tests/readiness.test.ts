import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/gateway-config.js';
import { ReadinessService } from '../src/readiness/readiness.service.js';
import { RedisProbe } from '../src/readiness/redis-probe.js';
import { storeBackends } from './helpers/store-backends.js';
import { removeDir, startTestGateway } from './helpers/test-gateway.js';

const REDIS_URL = process.env['CLUSTERFLOW_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const backends = await storeBackends();

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function redisUnavailable(): Promise<string | undefined> {
  const probe = new RedisProbe(REDIS_URL, { connectTimeoutMs: 1000 });
  try {
    await probe.ping();
    return undefined;
  } catch (error) {
    return `Redis not reachable at ${REDIS_URL} (${(error as Error).message}); set CLUSTERFLOW_TEST_REDIS_URL or start redis-server — CI runs these tests`;
  } finally {
    probe.close();
  }
}
const redisSkip = await redisUnavailable();
if (redisSkip !== undefined) console.warn(`readiness with Redis: SKIPPED — ${redisSkip}`);

describe.each(backends)('readiness on $name', (backend) => {
  afterAll(() => backend.dropAll());

  it.skipIf(backend.skipReason !== undefined)(
    'is ready while the database answers and not ready once it is gone',
    async () => {
      const { db } = await backend.open(backend.freshLocation());
      const readiness = new ReadinessService(db, undefined, () => false);
      const up = await readiness.check();
      expect(up).toMatchObject({
        status: 'ready',
        database: { configured: true, ok: true, backend: backend.name },
        queue: { configured: false, ok: true, ms: null, backend: null },
      });
      expect(up.database.ms).toBeGreaterThanOrEqual(0);
      await db.close();
      const down = await readiness.check();
      expect(down.status).toBe('not-ready');
      expect(down.database.ok).toBe(false);
      expect(down.database.error?.length).toBeGreaterThan(0);
    },
  );
});

describe('readiness of the queue (Redis)', () => {
  it.skipIf(redisSkip !== undefined)('is ready when Redis answers PING', async () => {
    const probe = new RedisProbe(REDIS_URL);
    try {
      const readiness = new ReadinessService(
        { dialect: 'sqlite', ping: async () => undefined },
        probe,
        () => false,
      );
      expect(await readiness.check()).toMatchObject({
        status: 'ready',
        queue: { configured: true, ok: true, backend: 'redis' },
      });
    } finally {
      probe.close();
    }
  });

  it('is not ready when Redis does not answer, within the time limit', async () => {
    const probe = new RedisProbe(`redis://127.0.0.1:${await closedPort()}`, { connectTimeoutMs: 500 });
    try {
      const readiness = new ReadinessService(
        { dialect: 'sqlite', ping: async () => undefined },
        probe,
        () => false,
        {
          timeoutMs: 1000,
        },
      );
      const started = Date.now();
      const result = await readiness.check();
      expect(Date.now() - started).toBeLessThan(1500);
      expect(result).toMatchObject({ status: 'not-ready', database: { ok: true }, queue: { ok: false } });
      expect(result.queue.error).toMatch(/ECONNREFUSED|no answer|closed|connect/i);
    } finally {
      probe.close();
    }
  });

  it('says shutting-down while the gateway drains, whatever the probes say', async () => {
    const readiness = new ReadinessService(
      { dialect: 'postgres', ping: async () => undefined },
      undefined,
      () => true,
    );
    expect((await readiness.check()).status).toBe('shutting-down');
  });
});

describe('GET /ready', () => {
  it('answers 200 with the database check, and 503 when the configured Redis is unreachable', async () => {
    const ok = await startTestGateway();
    try {
      const response = await fetch(`${ok.gateway.url}/ready`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        status: 'ready',
        database: { ok: true, backend: 'sqlite' },
        queue: { configured: false },
      });
    } finally {
      await ok.close();
      removeDir(ok.dir);
    }
    const noRedis = await startTestGateway({ redisUrl: `redis://127.0.0.1:${await closedPort()}` });
    try {
      const response = await fetch(`${noRedis.gateway.url}/ready`);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({
        status: 'not-ready',
        database: { ok: true },
        queue: { configured: true, ok: false, backend: 'redis' },
      });
    } finally {
      await noRedis.close();
      removeDir(noRedis.dir);
    }
  });

  it('rejects a malformed CLUSTERFLOW_REDIS_URL at start-up, naming the variable', () => {
    expect(() => loadConfig({ CLUSTERFLOW_REDIS_URL: 'localhost:6379' })).toThrow(
      /CLUSTERFLOW_REDIS_URL.*redis:\/\//,
    );
    expect(() => loadConfig({ CLUSTERFLOW_DATABASE_URL: 'mysql://x' })).toThrow(
      /CLUSTERFLOW_DATABASE_URL.*postgres:\/\//,
    );
    expect(() => loadConfig({ CLUSTERFLOW_DATABASE_SCHEMA: 'Bad-Name' })).toThrow(
      /CLUSTERFLOW_DATABASE_SCHEMA/,
    );
    expect(loadConfig({ CLUSTERFLOW_REDIS_URL: 'redis://127.0.0.1:6379' }).redisUrl).toBe(
      'redis://127.0.0.1:6379',
    );
  });
});
