import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/gateway-config.js';
import { WorldEvents, type WorldEvent } from '../src/pubsub/world-events.js';
import { WORLD_BUILD_QUEUE } from '../src/queue/world-build-queue.js';
import { RedisProbe } from '../src/readiness/redis-probe.js';
import { createClusterflowWorker, type ClusterflowWorker } from '../src/server/clusterflow-worker.js';
import { storeBackends } from './helpers/store-backends.js';
import {
  API_KEY,
  must,
  removeDir,
  SAMPLES_DIR,
  startTestGateway,
  waitForJob,
  type TestGateway,
} from './helpers/test-gateway.js';

// Stateless replicas: two gateways and one worker on one PostgreSQL schema and one Redis.
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
const postgres = (await storeBackends()).find((b) => b.name === 'postgres');
if (postgres === undefined) throw new Error('storeBackends lists no postgres backend');
const skip = postgres.skipReason ?? (await redisUnavailable());
if (skip !== undefined) console.warn(`gateway replicas on Redis + PostgreSQL: SKIPPED — ${skip}`);

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
  ['pets-cat-06', 'cat', 'pets/cat/cat.112.jpg'],
  ['pets-cat-07', 'cat', 'pets/cat/cat.113.jpg'],
  ['pets-dog-06', 'dog', 'pets/dog/dog.133.jpg'],
  ['pets-dog-07', 'dog', 'pets/dog/dog.134.jpg'],
] as const;
// The world starts with five of each label (the least a new world takes); the other four are added later.
const FIRST = FILES.slice(0, 10);
const LATER = FILES.slice(10);

const WORLD_QUERY = `{ world(id: "shared") { id status exampleCount embeddedCount labels { label count }
  tree { nodeCount } clusters { parentId size } } }`;

interface WorldView {
  id: string;
  status: string;
  exampleCount: number;
  embeddedCount: number;
  labels: { label: string; count: number }[];
  tree: { nodeCount: number } | null;
  clusters: { parentId: number | null; size: number }[];
}

describe.skipIf(skip !== undefined)('gateway replicas on Redis + PostgreSQL', () => {
  const prefix = `cf-replicas-${process.pid}-${randomBytes(3).toString('hex')}`;
  const open: { close(): Promise<void> | void }[] = [];
  const dirs: string[] = [];
  afterAll(async () => {
    for (const o of open.reverse()) await o.close();
    const queue = new Queue(WORLD_BUILD_QUEUE, { connection: { url: REDIS_URL }, prefix });
    await queue.obliterate({ force: true });
    await queue.close();
    for (const d of dirs) removeDir(d);
    await postgres.dropAll();
  });

  it('serves through gateway B, without restart, every world built, extended and deleted through gateway A', async () => {
    const samples = mkdtempSync(path.join(os.tmpdir(), 'cf-replica-samples-'));
    dirs.push(samples);
    mkdirSync(path.join(samples, 'pets/cat'), { recursive: true });
    mkdirSync(path.join(samples, 'pets/dog'), { recursive: true });
    for (const [, , file] of FILES) copyFileSync(path.join(SAMPLES_DIR, file), path.join(samples, file));
    writeFileSync(
      path.join(samples, 'manifest.json'),
      JSON.stringify(FILES.map(([id, label, file]) => ({ id, collection: 'pets', label, file }))),
    );
    const location = postgres.freshLocation();
    if (location.kind !== 'postgres') throw new Error('expected a postgres location');
    const db = { url: location.url, schema: location.schema };
    const start = async (): Promise<TestGateway> => {
      const g = await startTestGateway({
        samplesDir: samples,
        postgres: db,
        redisUrl: REDIS_URL,
        queuePrefix: prefix,
      });
      open.push(g);
      dirs.push(g.dir);
      return g;
    };
    const a = await start();
    const b = await start();
    const worker: ClusterflowWorker = await createClusterflowWorker(
      loadConfig(
        {},
        {
          databaseUrl: db.url,
          databaseSchema: db.schema,
          redisUrl: REDIS_URL,
          queuePrefix: prefix,
          logLevel: 'silent',
          apiKey: API_KEY,
        },
      ),
    );
    open.push(worker);
    // A third listener on the channel: what every replica receives.
    const listener = new WorldEvents(REDIS_URL, { prefix });
    open.push(listener);
    const events: WorldEvent[] = [];
    await listener.subscribe((e) => events.push(e));

    const toInput = (files: readonly (typeof FILES)[number][]) =>
      files.map(([id, label]) => ({ label, image: { sampleId: id } }));
    const worldOnB = async (): Promise<WorldView> =>
      must(await b.gql<{ world: WorldView }>(WORLD_QUERY)).world;

    // Built through A (by the worker); its job is followed through B.
    const created = must(
      await a.mutate<{ createWorld: { world: { id: string }; job: { id: string } } }>(
        'mutation($e: [LabeledImageInput!]!) { createWorld(name: "shared", examples: $e) { world { id } job { id } } }',
        { e: toInput(FIRST) },
      ),
    ).createWorld;
    const built = await waitForJob(b, created.job.id);
    expect(built.job).toMatchObject({ status: 'SUCCEEDED', done: 11, total: 11, progress: 1 });
    const first = await worldOnB();
    expect(first).toMatchObject({
      id: created.world.id,
      status: 'READY',
      exampleCount: 10,
      embeddedCount: 10,
    });
    expect(first.labels).toEqual([
      { label: 'cat', count: 5 },
      { label: 'dog', count: 5 },
    ]);
    // B has now parsed and cached the tree: the root holds all 10 examples.
    expect(first.clusters.find((c) => c.parentId === null)?.size).toBe(10);

    // Extended through A: B's next answer is the rebuilt tree, not its cached one.
    const added = must(
      await a.mutate<{ addExamples: { job: { id: string } } }>(
        'mutation($e: [LabeledImageInput!]!) { addExamples(world: "shared", examples: $e) { job { id } } }',
        { e: toInput(LATER) },
      ),
    ).addExamples;
    expect((await waitForJob(b, added.job.id)).job).toMatchObject({ status: 'SUCCEEDED' });
    const second = await worldOnB();
    expect(second).toMatchObject({ status: 'READY', exampleCount: 14, embeddedCount: 14 });
    expect(second.labels).toEqual([
      { label: 'cat', count: 7 },
      { label: 'dog', count: 7 },
    ]);
    expect(second.clusters.find((c) => c.parentId === null)?.size).toBe(14);
    expect(must(await a.gql<{ world: WorldView }>(WORLD_QUERY)).world).toEqual(second);

    // Deleted through A: gone on B.
    const deleted = must(
      await a.mutate<{ deleteWorld: { deletedExamples: number } }>(
        'mutation { deleteWorld(world: "shared") { deletedExamples } }',
      ),
    ).deleteWorld;
    expect(deleted.deletedExamples).toBe(14);
    const gone = await b.gql(WORLD_QUERY);
    expect(gone.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(must(await b.gql<{ worlds: unknown[] }>('{ worlds { id } }')).worlds).toEqual([]);

    // Operations: both replicas report the database and the queue, with its depth and the one worker pulling.
    for (const g of [a, b]) {
      const ready = await fetch(`${g.gateway.url}/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({
        status: 'ready',
        database: { ok: true, backend: 'postgres' },
        queue: {
          configured: true,
          ok: true,
          backend: 'redis',
          stats: { waiting: 0, active: 0, failed: 0, workers: 1 },
        },
      });
      const health = await fetch(`${g.gateway.url}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ database: true, queue: { configured: true, ok: true } });
    }

    // Every write went out on the channel, in order: what makes each replica drop its copy at once.
    for (let i = 0; i < 50 && events.length < 5; i++) await new Promise((r) => setTimeout(r, 20));
    expect(events.filter((e) => e.worldId === created.world.id).map((e) => e.change)).toEqual([
      'created',
      'built',
      'examples-added',
      'built',
      'deleted',
    ]);
  });
});
