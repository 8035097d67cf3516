// oddOneOut throughput with 1 and 2 gateway replicas (autocannon): two gateways on one PostgreSQL schema and one
// Redis; first all connections on gateway A alone, then the same connections split over A and B. Prints JSON.
// Needs the built gateway (`npx nx run gateway:build`), PostgreSQL and Redis.
// Usage: node apps/gateway/scripts/replicas-throughput.mjs [connections = 50] [seconds = 15]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';

const gatewayDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PG_URL = process.env['CLUSTERFLOW_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env['CLUSTERFLOW_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const connections = Number(process.argv[2] ?? 50);
const seconds = Number(process.argv[3] ?? 15);

function start(env) {
  const child = spawn(process.execPath, [path.join(gatewayDir, 'dist', 'main.js')], {
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
          if (entry.msg === 'gateway listening') resolve(new URL(entry.url).origin);
        } catch {
          // not a log line
        }
      }
    });
    child.once('exit', (code) => reject(new Error(`gateway exited (${code}) before listening`)));
  });
  return { child, ready, exited: new Promise((resolve) => child.once('exit', resolve)) };
}

const BODY = JSON.stringify({
  query: `{ oddOneOut(images: [{ sampleId: "imagenet4-daisy-01" }, { sampleId: "imagenet4-daisy-02" },
    { sampleId: "imagenet4-wine-bottle-01" }]) { index } }`,
});

function cannon(url, conns) {
  return autocannon({
    url: `${url}/graphql`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: BODY,
    connections: conns,
    duration: seconds,
  });
}

function summary(results) {
  const requests = results.reduce((s, r) => s + r.requests.total, 0);
  return {
    requests,
    perSecond: Math.round((requests / seconds) * 10) / 10,
    non2xx: results.reduce((s, r) => s + r.non2xx, 0),
    errors: results.reduce((s, r) => s + r.errors + r.timeouts, 0),
    latencyP50ms: Math.max(...results.map((r) => r.latency.p50)),
    latencyP99ms: Math.max(...results.map((r) => r.latency.p99)),
  };
}

const schema = `cf_tput_${process.pid}`;
const dir = mkdtempSync(path.join(os.tmpdir(), 'cf-tput-'));
const env = {
  CLUSTERFLOW_DATABASE_URL: PG_URL,
  CLUSTERFLOW_DATABASE_SCHEMA: schema,
  CLUSTERFLOW_REDIS_URL: REDIS_URL,
  CLUSTERFLOW_QUEUE_PREFIX: `cf-tput-${process.pid}`,
  CLUSTERFLOW_PORT: '0',
  CLUSTERFLOW_API_KEY: 'throughput-key-0123456789',
  CLUSTERFLOW_DEMO_WORLD: 'false',
  CLUSTERFLOW_LOG_LEVEL: 'warn',
  CLUSTERFLOW_STATIC_DIR: path.join(dir, 'none'),
};
const gateways = [];
const out = { connections, seconds, cores: os.cpus().length };
try {
  // One at a time: the first migrates and seeds the empty schema.
  const a = start({ ...env, CLUSTERFLOW_LOG_LEVEL: 'info' });
  gateways.push(a);
  const urlA = await a.ready;
  const b = start({ ...env, CLUSTERFLOW_LOG_LEVEL: 'info' });
  gateways.push(b);
  const urlB = await b.ready;
  // Warm-up: the samples' activations get computed once per gateway.
  for (const u of [urlA, urlB])
    await fetch(`${u}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: BODY,
    });
  out.loadBefore = os.loadavg()[0];
  out.oneReplica = summary([await cannon(urlA, connections)]);
  out.loadAfterOne = os.loadavg()[0];
  const half = Math.floor(connections / 2);
  out.twoReplicas = summary(await Promise.all([cannon(urlA, half), cannon(urlB, connections - half)]));
  out.loadAfterTwo = os.loadavg()[0];
} finally {
  for (const g of gateways) g.child.kill('SIGTERM');
  await Promise.all(gateways.map((g) => g.exited));
  const db = new pg.Client({ connectionString: PG_URL });
  await db.connect();
  await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await db.end();
  rmSync(dir, { recursive: true, force: true });
}
console.log(JSON.stringify(out));
