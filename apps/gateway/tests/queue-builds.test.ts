import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/gateway-config.js';
import { openDatabase } from '../src/db/database.js';
import { JobRunner } from '../src/jobs/job.runner.js';
import { JobKind } from '../src/jobs/job.type.js';
import { createClusterflowWorker } from '../src/server/clusterflow-worker.js';
import { WORLD_BUILD_QUEUE, WorldBuildQueue } from '../src/queue/world-build-queue.js';
import { startWorldBuildWorker } from '../src/queue/world-build-worker.js';
import { RedisProbe } from '../src/readiness/redis-probe.js';
import { WorldRepository } from '../src/worlds/world.repository.js';
import {
  API_KEY,
  must,
  removeDir,
  sampleBase64,
  SAMPLES_DIR,
  startTestGateway,
  waitForJob,
} from './helpers/test-gateway.js';

const REDIS_URL = process.env['CLUSTERFLOW_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
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
const skip = await redisUnavailable();
if (skip !== undefined) console.warn(`world builds on BullMQ: SKIPPED — ${skip}`);

const FILES = [
  ['pets-cat-01', 'cat', 'pets/cat/cat.1.jpg'],
  ['pets-cat-02', 'cat', 'pets/cat/cat.103.jpg'],
  ['pets-cat-03', 'cat', 'pets/cat/cat.104.jpg'],
  ['pets-cat-04', 'cat', 'pets/cat/cat.11.jpg'],
  ['pets-cat-05', 'cat', 'pets/cat/cat.110.jpg'],
  ['pets-dog-01', 'dog', 'pets/dog/dog.11.jpg'],
  ['pets-dog-02', 'dog', 'pets/dog/dog.112.jpg'],
  ['pets-dog-03', 'dog', 'pets/dog/dog.115.jpg'],
  ['pets-dog-04', 'dog', 'pets/dog/dog.119.jpg'],
  ['pets-dog-05', 'dog', 'pets/dog/dog.131.jpg'],
] as const;

describe.skipIf(skip !== undefined)('world builds on BullMQ (CLUSTERFLOW_REDIS_URL)', () => {
  // Each run its own key prefix, so parallel runs and earlier runs never share a queue.
  const prefix = `cf-test-${process.pid}-${randomBytes(3).toString('hex')}`;
  const dirs: string[] = [];
  afterAll(async () => {
    const queue = new Queue(WORLD_BUILD_QUEUE, { connection: { url: REDIS_URL }, prefix });
    await queue.obliterate({ force: true });
    await queue.close();
    for (const d of dirs) removeDir(d);
  });

  it('queues a createWorld build that only a clusterflow-worker runs, and the gateway serves the result', async () => {
    const samples = mkdtempSync(path.join(os.tmpdir(), 'cf-queue-samples-'));
    dirs.push(samples);
    mkdirSync(path.join(samples, 'pets/cat'), { recursive: true });
    mkdirSync(path.join(samples, 'pets/dog'), { recursive: true });
    for (const [, , file] of FILES) copyFileSync(path.join(SAMPLES_DIR, file), path.join(samples, file));
    writeFileSync(
      path.join(samples, 'manifest.json'),
      JSON.stringify(FILES.map(([id, label, file]) => ({ id, collection: 'pets', label, file }))),
    );
    const g = await startTestGateway({ samplesDir: samples, redisUrl: REDIS_URL, queuePrefix: prefix });
    dirs.push(g.dir);
    try {
      const created = must(
        await g.mutate<{ createWorld: { world: { id: string }; job: { id: string; status: string } } }>(
          'mutation($e: [LabeledImageInput!]!) { createWorld(name: "queued", examples: $e) { world { id } job { id status } } }',
          { e: FILES.map(([id, label]) => ({ label, image: { sampleId: id } })) },
        ),
      ).createWorld;
      expect(created.job.status).toBe('QUEUED');
      // No worker yet: the gateway itself does not run it.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const waiting = must(
        await g.gql<{ job: { status: string } }>(`{ job(id: "${created.job.id}") { status } }`),
      );
      expect(waiting.job.status).toBe('QUEUED');

      const worker = await createClusterflowWorker(
        loadConfig(
          {},
          {
            databasePath: g.dbPath,
            redisUrl: REDIS_URL,
            queuePrefix: prefix,
            logLevel: 'silent',
            apiKey: API_KEY,
          },
        ),
      );
      try {
        const { job } = await waitForJob(g, created.job.id);
        expect(job).toMatchObject({ status: 'SUCCEEDED', done: 11, total: 11, progress: 1, errorCode: null });
        expect(String(job['message'])).toMatch(/^10 examples embedded; tree built: \d+ clusters/);
      } finally {
        await worker.close();
      }
      const world = must(
        await g.gql<{ world: { status: string; embeddedCount: number; tree: { nodeCount: number } | null } }>(
          '{ world(id: "queued") { status embeddedCount tree { nodeCount } } }',
        ),
      ).world;
      expect(world).toMatchObject({ status: 'READY', embeddedCount: 10 });
      expect(world.tree?.nodeCount).toBeGreaterThan(1);
      const membership = await g.gql<{ worldMembership: { guesses: { label: string }[] } }>(
        '{ worldMembership(world: "queued", image: { sampleId: "pets-dog-04" }) { guesses { label } } }',
      );
      expect(membership.errors).toBeUndefined();
      expect(must(membership).worldMembership.guesses.length).toBeGreaterThan(0);
    } finally {
      await g.close();
    }
  });

  it('retries a failed try with backoff and records the attempt; a build that keeps failing ends FAILED', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cf-queue-retry-'));
    dirs.push(dir);
    const { db } = await openDatabase(path.join(dir, 'store.sqlite'));
    const logger = pino({ level: 'silent' });
    const jobs = new JobRunner(db, logger);
    const worlds = new WorldRepository(db);
    const flaky = await worlds.insertWorld('flaky', 'm', 't');
    const doomed = await worlds.insertWorld('doomed', 'm', 't');
    const flakyJob = await jobs.insert(JobKind.CREATE_WORLD, flaky, 1);
    const doomedJob = await jobs.insert(JobKind.CREATE_WORLD, doomed, 1);
    const tries = new Map<string, number>();
    // The build step stands in for the CNN: the flaky world fails its first try, the doomed one every try.
    const builder = {
      build: async (worldId: string, report: (d: number, t: number, m: string) => void): Promise<string> => {
        const n = (tries.get(worldId) ?? 0) + 1;
        tries.set(worldId, n);
        if (worldId === doomed || n === 1)
          throw new Error(`try ${n} of ${worldId === doomed ? 'doomed' : 'flaky'} failed`);
        report(1, 1, 'built');
        return `built on try ${n}`;
      },
    };
    const worker = startWorldBuildWorker({ builder, jobs, worlds, logger }, { redisUrl: REDIS_URL, prefix });
    const queue = new WorldBuildQueue(REDIS_URL, { prefix, attempts: 2, backoffMs: 50 });
    try {
      await queue.enqueue(flakyJob, flaky);
      await queue.enqueue(flakyJob, flaky); // same job id: added once
      await queue.enqueue(doomedJob, doomed);
      const deadline = Date.now() + 15_000;
      for (;;) {
        const [a, b] = [await jobs.get(flakyJob), await jobs.get(doomedJob)];
        if (a?.status === 'SUCCEEDED' && b?.status === 'FAILED') break;
        if (Date.now() > deadline) throw new Error(`jobs did not settle: ${JSON.stringify([a, b])}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(await jobs.get(flakyJob)).toMatchObject({
        status: 'SUCCEEDED',
        message: 'built on try 2',
        done: 1,
      });
      expect(await jobs.get(doomedJob)).toMatchObject({
        status: 'FAILED',
        errorCode: 'INTERNAL_ERROR',
        errorMessage: 'try 2 of doomed failed',
      });
      expect(Object.fromEntries(tries)).toEqual({ [flaky]: 2, [doomed]: 2 });
      expect((await worlds.find(doomed))?.status).toBe('FAILED');
    } finally {
      await worker.close();
      await queue.close();
      await db.close();
    }
  });
});

describe('world builds when the queue is unreachable', () => {
  it('answers SERVICE_UNAVAILABLE and marks the job and the world FAILED instead of leaving them queued', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const g = await startTestGateway({ redisUrl: `redis://127.0.0.1:${port}` });
    try {
      const examples = FILES.map(([, label, file]) => ({ label, image: { base64: sampleBase64(file) } }));
      const started = Date.now();
      const r = await g.mutate(
        'mutation($e: [LabeledImageInput!]!) { createWorld(name: "unqueued", examples: $e) { world { id } } }',
        { e: examples },
      );
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(r.status).toBe(503);
      expect(r.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(r.errors?.[0]?.message).toMatch(
        /^The build queue \(CLUSTERFLOW_REDIS_URL\) did not take the build/,
      );
      const world = must(
        await g.gql<{ world: { status: string; embeddedCount: number } }>(
          '{ world(id: "unqueued") { status embeddedCount } }',
        ),
      ).world;
      expect(world).toEqual({ status: 'FAILED', embeddedCount: 0 });
    } finally {
      await g.close();
      removeDir(g.dir);
    }
  });
});
