// Fault test under load: 2 gateways + 2 clusterflow-workers on one PostgreSQL schema and one Redis. A world of N
// photos (from ../shared/data/images, label = class folder) is built through gateway A while clients send oddOneOut
// queries with retry (next try on the other gateway); mid-build, the worker holding the build and gateway A are
// killed with SIGKILL. Reports requests failed after retry, jobs lost and examples duplicated (goals: 0).
// Needs the built gateway (`npx nx run gateway:build`), PostgreSQL and Redis.
// Usage: node apps/gateway/scripts/fault-kill-gateway.mjs [photos = 400] [connections = 8] [killAtFraction = 0.4]
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import pg from 'pg';

const gatewayDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DATA = process.env['FAULT_DATA_ROOT'] ?? path.resolve(gatewayDir, '../../../shared/data/images');
const PG_URL = process.env['CLUSTERFLOW_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env['CLUSTERFLOW_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const photos = Number(process.argv[2] ?? 400);
const connections = Number(process.argv[3] ?? 8);
const killAt = Number(process.argv[4] ?? 0.4);
const API_KEY = 'fault-test-key-0123456789';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** `<set>/<class>/<image>` files, round-robin over classes so any N mixes every class; sorted, so runs repeat. */
function pickPhotos(n) {
  const classes = [];
  for (const set of readdirSync(DATA).sort()) {
    const setDir = path.join(DATA, set);
    if (!statSync(setDir).isDirectory()) continue;
    for (const cls of readdirSync(setDir).sort()) {
      const dir = path.join(setDir, cls);
      if (!statSync(dir).isDirectory()) continue;
      const files = readdirSync(dir)
        .filter((f) => /\.(jpe?g|png)$/i.test(f))
        .sort()
        .map((f) => path.join(dir, f));
      if (files.length > 0) classes.push({ label: `${set}-${cls}`, files });
    }
  }
  const out = [];
  for (let i = 0; out.length < n; i++) {
    let any = false;
    for (const c of classes) {
      if (i < c.files.length && out.length < n) {
        out.push({ label: c.label, file: c.files[i] });
        any = true;
      }
    }
    if (!any) break;
  }
  return out;
}

function start(name, file, env, readyMessage) {
  const child = spawn('nice', ['-n', '10', process.execPath, path.join(gatewayDir, 'dist', file)], {
    cwd: gatewayDir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let port;
  const ready = new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout.on('data', (chunk) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        try {
          const entry = JSON.parse(line);
          if (entry.msg === readyMessage) {
            if (typeof entry.url === 'string') port = new URL(entry.url).port;
            resolve(entry);
          }
        } catch {
          // not a log line
        }
      }
    });
    child.once('exit', (code) => reject(new Error(`${name} exited (${code}) before "${readyMessage}"`)));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return { name, child, ready, exited, url: () => `http://127.0.0.1:${port}` };
}

async function gql(base, query, variables = {}, key = false) {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { 'x-api-key': API_KEY } : {}) },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(20_000),
  });
  const body = await response.json();
  if (!response.ok || body.errors !== undefined) {
    const error = new Error(`HTTP ${response.status}: ${JSON.stringify(body.errors ?? body).slice(0, 200)}`);
    // A busy gateway (503) says when to come back: a well-behaved client waits that long.
    error.retryAfterMs = Number(response.headers.get('retry-after') ?? 0) * 1000;
    error.kind = `HTTP ${response.status} ${body.errors?.[0]?.extensions?.code ?? ''}`.trim();
    throw error;
  }
  return body.data;
}

const ODD = `{ oddOneOut(images: [{ sampleId: "imagenet4-daisy-01" }, { sampleId: "imagenet4-daisy-02" },
  { sampleId: "imagenet4-wine-bottle-01" }]) { index } }`;

/** One client: queries in a loop; a failed try goes to the next gateway after a pause (exponential from 100 ms, or the
 * Retry-After of a busy gateway, at most 5 s), 8 tries per request. */
async function client(gateways, stop, stats, offset) {
  let turn = offset;
  while (!stop.done) {
    let ok = false;
    for (let attempt = 0; attempt < 8 && !ok; attempt++) {
      const g = gateways[turn++ % gateways.length];
      try {
        const data = await gql(g.url(), ODD);
        if (data.oddOneOut.index !== 2)
          throw new Error(`odd one out index ${data.oddOneOut.index}, expected 2`);
        ok = true;
      } catch (error) {
        stats.retries++;
        const kind = String(error.kind ?? error.cause?.code ?? error.message).slice(0, 80);
        stats.errors[kind] = (stats.errors[kind] ?? 0) + 1;
        await sleep(Math.max(Math.min(100 * 2 ** attempt, 2000), Math.min(error.retryAfterMs ?? 0, 5000)));
      }
    }
    if (ok) stats.ok++;
    else stats.failed++;
  }
}

const schema = `cf_faultgw_${process.pid}`;
const prefix = `cf-faultgw-${process.pid}`;
const dir = mkdtempSync(path.join(os.tmpdir(), 'cf-faultgw-'));
const env = {
  CLUSTERFLOW_DATABASE_URL: PG_URL,
  CLUSTERFLOW_DATABASE_SCHEMA: schema,
  CLUSTERFLOW_REDIS_URL: REDIS_URL,
  CLUSTERFLOW_QUEUE_PREFIX: prefix,
  CLUSTERFLOW_PORT: '0',
  CLUSTERFLOW_API_KEY: API_KEY,
  CLUSTERFLOW_DEMO_WORLD: 'false',
  CLUSTERFLOW_LOG_LEVEL: 'info',
  CLUSTERFLOW_STATIC_DIR: path.join(dir, 'none'),
  CLUSTERFLOW_MAX_EXAMPLES: String(Math.max(200, photos)),
  CLUSTERFLOW_MAX_REQUEST_BYTES: String(512 * 1024 * 1024),
};
const db = new pg.Client({ connectionString: PG_URL });
await db.connect();
const processes = [];
const stop = { done: false };
const stats = { ok: 0, failed: 0, retries: 0, errors: {} };
let report;
try {
  const picked = pickPhotos(photos);
  const a = start('gateway-a', 'main.js', env, 'gateway listening');
  processes.push(a);
  await a.ready;
  const b = start('gateway-b', 'main.js', env, 'gateway listening');
  processes.push(b);
  await b.ready;
  const w1 = start('worker-1', 'worker-main.js', env, 'worker ready');
  processes.push(w1);
  await w1.ready;

  const clients = Array.from({ length: connections }, (_, i) => client([a, b], stop, stats, i));
  const started = Date.now();
  const examples = picked.map((p) => ({
    label: p.label,
    image: { base64: readFileSync(p.file).toString('base64') },
  }));
  const created = (
    await gql(
      a.url(),
      'mutation($e: [LabeledImageInput!]!) { createWorld(name: "fault", examples: $e) { job { id } } }',
      { e: examples },
      true,
    )
  ).createWorld;
  const jobId = created.job.id;
  const uploadSeconds = (Date.now() - started) / 1000;
  // The second worker starts once the first holds the build, so the one killed is the one running it.
  let job;
  for (;;) {
    job = (await db.query(`SELECT status, done, total FROM ${schema}.jobs WHERE id = $1`, [jobId])).rows[0];
    if (job.status === 'RUNNING') break;
    await sleep(200);
  }
  const w2 = start('worker-2', 'worker-main.js', env, 'worker ready');
  processes.push(w2);
  await w2.ready;
  let killed;
  for (;;) {
    job = (await db.query(`SELECT status, done, total, message FROM ${schema}.jobs WHERE id = $1`, [jobId]))
      .rows[0];
    if (killed === undefined && job.done >= killAt * job.total) {
      w1.child.kill('SIGKILL');
      a.child.kill('SIGKILL');
      await Promise.all([w1.exited, a.exited]);
      killed = { seconds: (Date.now() - started) / 1000, done: job.done, total: job.total };
    }
    if (job.status === 'SUCCEEDED' || job.status === 'FAILED' || job.status === 'INTERRUPTED') break;
    await sleep(250);
  }
  const buildSeconds = (Date.now() - started) / 1000;
  stop.done = true;
  await Promise.all(clients);
  const counts = (
    await db.query(
      `SELECT COUNT(*)::int AS examples, COUNT(DISTINCT image_id)::int AS images,
              COUNT(activation)::int AS embedded FROM ${schema}.examples`,
    )
  ).rows[0];
  const distinctPhotos = new Set(examples.map((e) => e.image.base64)).size;
  const world = (await db.query(`SELECT status FROM ${schema}.worlds`)).rows[0];
  const jobs = (await db.query(`SELECT status, COUNT(*)::int AS n FROM ${schema}.jobs GROUP BY status`)).rows;
  report = {
    photos: picked.length,
    distinctPhotos,
    connections,
    uploadSeconds,
    buildSeconds,
    killed,
    job: { status: job.status, done: job.done, total: job.total, message: job.message },
    jobs,
    world: world.status,
    counts,
    requests: { ok: stats.ok, retries: stats.retries, failedAfterRetry: stats.failed, errors: stats.errors },
    jobsLost: job.status === 'SUCCEEDED' ? 0 : 1,
    examplesDuplicated: counts.examples - counts.images - (picked.length - distinctPhotos),
    loadAverage: os.loadavg().map((l) => Math.round(l * 10) / 10),
  };
} finally {
  stop.done = true;
  for (const p of processes) p.child.kill('SIGTERM');
  await Promise.all(processes.map((p) => p.exited));
  await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await db.end();
  const queue = new Queue('world-builds', { connection: { url: REDIS_URL }, prefix });
  await queue.obliterate({ force: true });
  await queue.close();
  rmSync(dir, { recursive: true, force: true });
}
console.log(JSON.stringify(report));
