// Fault check of queued world builds: the demo world (128 bundled photos) built by clusterflow-worker once without
// interruption and once with the worker killed (SIGKILL) mid-way and a second worker started; compares the two
// outcomes. Needs the built gateway (`npx nx run gateway:build`), PostgreSQL and Redis.
// Usage: node apps/gateway/scripts/fault-kill-worker.mjs [killAfterExamples = 48]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import pg from 'pg';

const gatewayDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PG_URL = process.env['CLUSTERFLOW_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env['CLUSTERFLOW_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const killAfter = Number(process.argv[2] ?? 48);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function start(file, env, readyMessage) {
  const child = spawn(process.execPath, [path.join(gatewayDir, 'dist', file)], {
    cwd: gatewayDir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout.on('data', (chunk) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        try {
          const entry = JSON.parse(line);
          if (entry.msg === readyMessage) resolve(entry);
        } catch {
          // not a log line
        }
      }
    });
    child.once('exit', (code) => reject(new Error(`${file} exited (${code}) before "${readyMessage}"`)));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return { child, ready, exited };
}

async function run(label, kill) {
  const schema = `cf_fault_${label}_${process.pid}`;
  const prefix = `cf-fault-${label}-${process.pid}`;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cf-fault-'));
  const env = {
    CLUSTERFLOW_DATABASE_URL: PG_URL,
    CLUSTERFLOW_DATABASE_SCHEMA: schema,
    CLUSTERFLOW_REDIS_URL: REDIS_URL,
    CLUSTERFLOW_QUEUE_PREFIX: prefix,
    CLUSTERFLOW_PORT: '0',
    CLUSTERFLOW_API_KEY: 'fault-test-key',
    CLUSTERFLOW_DEMO_WORLD: 'true',
    CLUSTERFLOW_LOG_LEVEL: 'info',
    CLUSTERFLOW_STATIC_DIR: path.join(dir, 'none'),
  };
  const db = new pg.Client({ connectionString: PG_URL });
  await db.connect();
  const processes = [];
  try {
    const gateway = start('main.js', env, 'gateway listening');
    processes.push(gateway);
    await gateway.ready;
    const started = Date.now();
    const worker1 = start('worker-main.js', env, 'worker ready');
    processes.push(worker1);
    await worker1.ready;
    let killedAt;
    let job;
    for (;;) {
      job = (await db.query(`SELECT id, status, done, total, message FROM ${schema}.jobs`)).rows[0];
      if (kill && killedAt === undefined && job !== undefined && job.done >= killAfter) {
        worker1.child.kill('SIGKILL');
        await worker1.exited;
        killedAt = { ms: Date.now() - started, done: job.done };
        const worker2 = start('worker-main.js', env, 'worker ready');
        processes.push(worker2);
        await worker2.ready;
      }
      if (job !== undefined && (job.status === 'SUCCEEDED' || job.status === 'FAILED')) break;
      await sleep(250);
    }
    const seconds = (Date.now() - started) / 1000;
    const counts = (
      await db.query(
        `SELECT COUNT(*)::int AS examples, COUNT(DISTINCT sample_id)::int AS samples,
                COUNT(activation)::int AS embedded FROM ${schema}.examples`,
      )
    ).rows[0];
    const world = (await db.query(`SELECT status, tree_summary_json FROM ${schema}.worlds`)).rows[0];
    return {
      label,
      seconds,
      killedAt,
      job,
      counts,
      status: world.status,
      summary: JSON.parse(world.tree_summary_json),
    };
  } finally {
    for (const p of processes) p.child.kill('SIGTERM');
    await Promise.all(processes.map((p) => p.exited));
    await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await db.end();
    const queue = new Queue('world-builds', { connection: { url: REDIS_URL }, prefix });
    await queue.obliterate({ force: true });
    await queue.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const plain = await run('plain', false);
const killed = await run('killed', true);
for (const r of [plain, killed]) {
  console.log(
    JSON.stringify({
      run: r.label,
      seconds: r.seconds,
      killedAt: r.killedAt,
      job: { status: r.job.status, done: r.job.done, total: r.job.total, message: r.job.message },
      counts: r.counts,
      worldStatus: r.status,
    }),
  );
}
const same = JSON.stringify(plain.summary) === JSON.stringify(killed.summary);
console.log(JSON.stringify({ sameTreeSummary: same, plain: plain.summary, killed: killed.summary }));
