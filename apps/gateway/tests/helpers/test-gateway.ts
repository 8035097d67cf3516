import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type GatewayConfig, type GatewayLimits } from '../../src/config/gateway-config.js';
import { createGateway, type Gateway } from '../../src/server/gateway.js';

export const API_KEY = 'test-api-key-0123456789';
export const SAMPLES_DIR = path.resolve(import.meta.dirname, '../../assets/samples');

export interface GqlResult<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  data: T | null | undefined;
  errors:
    { message: string; extensions?: { code?: string; [k: string]: unknown }; path?: string[] }[] | undefined;
}

export interface TestGateway {
  gateway: Gateway;
  dir: string;
  dbPath: string;
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GqlResult<T>>;
  /** Same as gql with the API key header. */
  mutate<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GqlResult<T>>;
  close(): Promise<void>;
}

export interface StartOptions {
  dir?: string;
  demoWorld?: boolean;
  samplesDir?: string;
  limits?: Partial<GatewayLimits>;
  production?: boolean;
  staticDir?: string;
  /** CLUSTERFLOW_WORLD_TAP (default: the config's `auto`). */
  worldTap?: string;
  /** CLUSTERFLOW_WORKERS (default 0 here, unlike the service's 1: the CNN in the test's process, quicker to start). */
  workers?: number;
  /** CLUSTERFLOW_DATABASE_URL + CLUSTERFLOW_DATABASE_SCHEMA (default: SQLite in `dir`). */
  postgres?: { url: string; schema: string };
  /** CLUSTERFLOW_FEDERATION (default false). */
  federation?: boolean;
  /** CLUSTERFLOW_REDIS_URL (default unset). */
  redisUrl?: string;
  /** CLUSTERFLOW_QUEUE_PREFIX (default `clusterflow`). */
  queuePrefix?: string;
}

/** A real gateway on 127.0.0.1 (free port) with its SQLite file in a temp dir (kept if `dir` is passed). */
export async function startTestGateway(options: StartOptions = {}): Promise<TestGateway> {
  const dir = options.dir ?? mkdtempSync(path.join(os.tmpdir(), 'cf-gateway-'));
  const dbPath = path.join(dir, 'gateway.sqlite');
  const config: GatewayConfig = loadConfig(
    {},
    {
      host: '127.0.0.1',
      port: 0,
      databasePath: dbPath,
      apiKey: API_KEY,
      logLevel: 'silent',
      demoWorld: options.demoWorld ?? false,
      samplesDir: options.samplesDir ?? SAMPLES_DIR,
      staticDir: options.staticDir ?? path.join(dir, 'no-playground'),
      production: options.production ?? false,
      limits: options.limits,
      ...(options.worldTap === undefined ? {} : { worldTap: options.worldTap }),
      workers: options.workers ?? 0,
      ...(options.postgres === undefined
        ? {}
        : { databaseUrl: options.postgres.url, databaseSchema: options.postgres.schema }),
      ...(options.federation === undefined ? {} : { federation: options.federation }),
      ...(options.redisUrl === undefined ? {} : { redisUrl: options.redisUrl }),
      ...(options.queuePrefix === undefined ? {} : { queuePrefix: options.queuePrefix }),
    },
  );
  const gateway = await createGateway(config);
  const gql = async <T>(
    query: string,
    variables: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ): Promise<GqlResult<T>> => {
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T | null; errors?: GqlResult<T>['errors'] };
    return { status: response.status, headers: response.headers, data: body.data, errors: body.errors };
  };
  return {
    gateway,
    dir,
    dbPath,
    gql,
    mutate: (query, variables) => gql(query, variables, { 'x-api-key': API_KEY }),
    close: () => gateway.close(),
  };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Base64 of a bundled sample file (path relative to assets/samples). */
export function sampleBase64(file: string): string {
  return readFileSync(path.join(SAMPLES_DIR, file)).toString('base64');
}

/** Polls job(id) until it leaves QUEUED/RUNNING; returns its final state and every progress value seen. */
export async function waitForJob(
  t: TestGateway,
  id: string,
): Promise<{ job: Record<string, unknown>; progress: number[] }> {
  const progress: number[] = [];
  for (;;) {
    const r = await t.gql<{ job: Record<string, unknown> }>(
      'query($id: ID!) { job(id: $id) { id status done total progress message errorCode errorMessage worldId } }',
      { id },
    );
    const job = r.data?.job;
    if (job === undefined) throw new Error(`job query failed: ${JSON.stringify(r.errors)}`);
    progress.push(job['progress'] as number);
    if (job['status'] !== 'QUEUED' && job['status'] !== 'RUNNING') return { job, progress };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The response's data, or a failure that shows the errors (instead of a non-null assertion). */
export function must<T>(r: GqlResult<T>): T {
  if (r.data === null || r.data === undefined)
    throw new Error(`no data; errors: ${JSON.stringify(r.errors)}`);
  return r.data;
}
