// Queue overhead of a world build on BullMQ, without the CNN: N builds whose build step returns at once go through
// WorldBuildQueue → Redis → startWorldBuildWorker, one after the other; reports enqueue → build-start and
// enqueue → job row SUCCEEDED (the job row lives in a temp SQLite file). Needs the built gateway and Redis.
// Usage: node apps/gateway/scripts/queue-latency.mjs [jobs = 200]
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { Queue } from 'bullmq';
import { openDatabase } from '../dist/db/database.js';
import { JobRunner } from '../dist/jobs/job.runner.js';
import { WorldBuildQueue } from '../dist/queue/world-build-queue.js';
import { startWorldBuildWorker } from '../dist/queue/world-build-worker.js';
import { WorldRepository } from '../dist/worlds/world.repository.js';

const REDIS_URL = process.env['CLUSTERFLOW_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const n = Number(process.argv[2] ?? 200);
const prefix = `cf-latency-${process.pid}`;
const dir = mkdtempSync(path.join(os.tmpdir(), 'cf-latency-'));
const { db } = await openDatabase(path.join(dir, 'store.sqlite'));
const logger = pino({ level: 'silent' });
const jobs = new JobRunner(db, logger);
const worlds = new WorldRepository(db);
const startedAt = new Map();
let onDone;
const builder = {
  build: async (worldId) => {
    startedAt.set(worldId, performance.now());
    return 'no-op';
  },
};
const worker = startWorldBuildWorker({ builder, jobs, worlds, logger }, { redisUrl: REDIS_URL, prefix });
worker.on('completed', () => onDone?.());
const queue = new WorldBuildQueue(REDIS_URL, { prefix });
const toStart = [];
const toDone = [];
try {
  for (let i = 0; i < n; i++) {
    const worldId = await worlds.insertWorld(`w${i}`, 'm', 't');
    const jobId = await jobs.insert('CREATE_WORLD', worldId, 1);
    const done = new Promise((resolve) => (onDone = resolve));
    const t0 = performance.now();
    await queue.enqueue(jobId, worldId);
    await done;
    const t1 = performance.now();
    if ((await jobs.get(jobId))?.status !== 'SUCCEEDED') throw new Error(`job ${jobId} did not succeed`);
    toStart.push(startedAt.get(worldId) - t0);
    toDone.push(t1 - t0);
  }
} finally {
  await worker.close();
  await queue.close();
  const q = new Queue('world-builds', { connection: { url: REDIS_URL }, prefix });
  await q.obliterate({ force: true });
  await q.close();
  await db.close();
  rmSync(dir, { recursive: true, force: true });
}
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))].toFixed(2);
  return { p50: q(0.5), p90: q(0.9), p99: q(0.99), max: s[s.length - 1].toFixed(2) };
};
console.log(
  JSON.stringify({ jobs: n, enqueueToStartMs: stats(toStart), enqueueToCompletedMs: stats(toDone) }),
);
