import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Everything the gateway can be told from outside; every field has a documented default (see README). */
export interface GatewayConfig {
  /** `CLUSTERFLOW_HOST`, default `127.0.0.1` (set `0.0.0.0` to listen on every interface). */
  host: string;
  /** `CLUSTERFLOW_PORT`, default 4000; 0 picks a free port. */
  port: number;
  /** `CLUSTERFLOW_DB`, default `apps/gateway/data/clusterflow.sqlite`: one SQLite file, created on first start. */
  databasePath: string;
  /**
   * `CLUSTERFLOW_DATABASE_URL`, default unset (SQLite at `databasePath`): a `postgres://` / `postgresql://` URL puts
   * worlds, examples, samples, images and jobs in PostgreSQL instead, so several gateways can share them.
   */
  databaseUrl: string | undefined;
  /** `CLUSTERFLOW_DATABASE_SCHEMA`, default `public`: the PostgreSQL schema (created when missing). */
  databaseSchema: string;
  /**
   * `CLUSTERFLOW_REDIS_URL`, default unset: the Redis of the job queue (`redis://` or `rediss://`). So far only
   * `/ready` checks it, and world builds go to the BullMQ queue there (run by `clusterflow-worker`).
   */
  redisUrl: string | undefined;
  /** `CLUSTERFLOW_QUEUE_PREFIX`, default `clusterflow`: Redis key prefix of the queues (one per deployment). */
  queuePrefix: string;
  /** `CLUSTERFLOW_FEDERATION`, default false: serve the schema as an Apollo Federation 2 subgraph. */
  federation: boolean;
  /** `CLUSTERFLOW_API_KEY`: key required for mutations. Unset ⇒ one is generated, stored in the database and logged once. */
  apiKey: string | undefined;
  /** `CLUSTERFLOW_CORS_ORIGINS`: comma-separated allowed origins, or `*` (default). */
  corsOrigins: '*' | string[];
  /** `NODE_ENV === 'production'`: internal error messages masked, no field suggestions, no landing page. */
  production: boolean;
  /**
   * `CLUSTERFLOW_DEBUG_ERRORS`, default false: GraphQL errors carry `extensions.stacktrace` (development only —
   * stack traces show the server's file layout and libraries to every client).
   */
  debugErrors: boolean;
  /** `CLUSTERFLOW_LOG_LEVEL`, default `info` (`silent` turns logs off). */
  logLevel: string;
  /** `CLUSTERFLOW_STATIC_DIR`, default `apps/playground/dist`: served at `/` when it exists. */
  staticDir: string;
  /** `CLUSTERFLOW_MODEL`, default `darknet-tiny` (a model registered in @clusterflow/extractors). */
  model: string;
  /**
   * `CLUSTERFLOW_WORLD_TAP`, default `auto`: the activation tap new worlds are built on — `classSpace`, `softmax`,
   * `penultimate`, `<layer>`, `<layer>:gap` or `<layer>:flatten`. `auto` = darknet-tiny's `leaky_re_lu_14:gap`
   * (the tap that keeps fooling images out in docs/RESULTS.md: 0.8 % accepted vs 50.8 % on `classSpace`), else
   * `classSpace`. Existing worlds keep the tap they were built on.
   */
  worldTap: string;
  /** `CLUSTERFLOW_BACKEND`, default `auto` (tfjs-node-gpu → tfjs-node → wasm → cpu). */
  backend: 'auto' | 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';
  /** `CLUSTERFLOW_DEMO_WORLD`, default true: build the `demo` world from the bundled samples on first start. */
  demoWorld: boolean;
  /** `CLUSTERFLOW_SAMPLES_DIR`, default `apps/gateway/assets/samples` (must contain `manifest.json`). */
  samplesDir: string;
  limits: GatewayLimits;
  /** `CLUSTERFLOW_BATCH_SIZE`, default 16: images per CNN forward pass when requests are batched. */
  batchSize: number;
  /**
   * `CLUSTERFLOW_WORKERS`, default 1: N ≥ 1 model copies in child processes, which also decode the images, so the
   * event loop only answers HTTP; 0 runs the CNN in this process (its forward passes then hold the event loop).
   */
  workers: number;
  /** `CLUSTERFLOW_SHUTDOWN_TIMEOUT_MS`, default 10000: grace period for in-flight requests and the running job. */
  shutdownTimeoutMs: number;
  /**
   * `CLUSTERFLOW_KEEP_ALIVE_TIMEOUT_MS`, default 76000: how long an idle kept-alive connection stays open. It must
   * outlast every client's and proxy's own idle timeout (Node's agent 5 s, undici 4 s, AWS ALB 60 s, nginx 60–75 s),
   * so the client always closes first; a server closing first races the client's next request (ECONNRESET).
   */
  keepAliveTimeoutMs: number;
}

export interface GatewayLimits {
  /** `CLUSTERFLOW_MAX_IMAGES`, default 16: images per query (oddOneOut, relation). */
  maxImagesPerRequest: number;
  /** `CLUSTERFLOW_MAX_EXAMPLES`, default 200: labelled examples per createWorld / addExamples call. */
  maxExamplesPerRequest: number;
  /** `CLUSTERFLOW_MAX_REQUEST_BYTES`, default 33554432 (32 MiB): HTTP request body. */
  maxRequestBytes: number;
  /** `CLUSTERFLOW_MAX_IMAGE_BYTES`, default 8388608 (8 MiB): one decoded (binary) image. */
  maxImageBytes: number;
  /** `CLUSTERFLOW_MAX_PIXELS`, default 25000000: width × height of one image, read from its header before decoding. */
  maxPixels: number;
  /** `CLUSTERFLOW_MIN_SIDE`, default 8: smallest accepted width or height in pixels. */
  minSide: number;
  /** `CLUSTERFLOW_MAX_DEPTH`, default 24: query depth, introspection included (the standard introspection query is 21 deep). */
  maxDepth: number;
  /** `CLUSTERFLOW_MAX_COST`, default 5000: query cost (graphql-armor cost limit). */
  maxCost: number;
  /** `CLUSTERFLOW_MAX_ALIASES`, default 15. */
  maxAliases: number;
  /** `CLUSTERFLOW_MAX_TOKENS`, default 2000: tokens in one query document. */
  maxTokens: number;
  /**
   * `CLUSTERFLOW_QUEUE_BUDGET_MS`, default 3000: longest predicted time from a request's arrival to its CNN answer
   * (time already spent + images ahead × measured time per image) a request is queued with; beyond it the request
   * is refused at once with SERVICE_UNAVAILABLE, HTTP 503 and `Retry-After`, and a queued row that can no longer
   * make it is refused before its batch. Background jobs (world builds) are always queued.
   */
  queueBudgetMs: number;
}

/** `apps/gateway` (works from both `src/config` and `dist/config`). */
export const gatewayRoot: string = fileURLToPath(new URL('../../', import.meta.url));

export const DEFAULT_LIMITS: GatewayLimits = {
  maxImagesPerRequest: 16,
  maxExamplesPerRequest: 200,
  maxRequestBytes: 32 * 1024 * 1024,
  maxImageBytes: 8 * 1024 * 1024,
  maxPixels: 25_000_000,
  minSide: 8,
  maxDepth: 24,
  maxCost: 5000,
  maxAliases: 15,
  maxTokens: 2000,
  queueBudgetMs: 3000,
};

const BACKENDS = ['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;

/** Thrown at start-up for a malformed environment variable; names the variable and what is allowed. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads the configuration from environment variables; `overrides` win (tests, embedding). */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<Omit<GatewayConfig, 'limits'>> & { limits?: Partial<GatewayLimits> } = {},
): GatewayConfig {
  const limits: GatewayLimits = {
    maxImagesPerRequest: int(env, 'CLUSTERFLOW_MAX_IMAGES', DEFAULT_LIMITS.maxImagesPerRequest, 1),
    maxExamplesPerRequest: int(env, 'CLUSTERFLOW_MAX_EXAMPLES', DEFAULT_LIMITS.maxExamplesPerRequest, 1),
    maxRequestBytes: int(env, 'CLUSTERFLOW_MAX_REQUEST_BYTES', DEFAULT_LIMITS.maxRequestBytes, 1024),
    maxImageBytes: int(env, 'CLUSTERFLOW_MAX_IMAGE_BYTES', DEFAULT_LIMITS.maxImageBytes, 1),
    maxPixels: int(env, 'CLUSTERFLOW_MAX_PIXELS', DEFAULT_LIMITS.maxPixels, 1),
    minSide: int(env, 'CLUSTERFLOW_MIN_SIDE', DEFAULT_LIMITS.minSide, 1),
    maxDepth: int(env, 'CLUSTERFLOW_MAX_DEPTH', DEFAULT_LIMITS.maxDepth, 2),
    maxCost: int(env, 'CLUSTERFLOW_MAX_COST', DEFAULT_LIMITS.maxCost, 10),
    maxAliases: int(env, 'CLUSTERFLOW_MAX_ALIASES', DEFAULT_LIMITS.maxAliases, 0),
    maxTokens: int(env, 'CLUSTERFLOW_MAX_TOKENS', DEFAULT_LIMITS.maxTokens, 50),
    queueBudgetMs: int(env, 'CLUSTERFLOW_QUEUE_BUDGET_MS', DEFAULT_LIMITS.queueBudgetMs, 100),
    ...overrides.limits,
  };
  if (nonEmpty(env['CLUSTERFLOW_MAX_QUEUE']) !== undefined) {
    throw new ConfigError(
      'CLUSTERFLOW_MAX_QUEUE (a bound on queued images) was replaced by CLUSTERFLOW_QUEUE_BUDGET_MS, a bound on the predicted wait in ms (default 3000); set that instead.',
    );
  }
  const backend = env['CLUSTERFLOW_BACKEND'] ?? 'auto';
  if (!(BACKENDS as readonly string[]).includes(backend)) {
    throw new ConfigError(`CLUSTERFLOW_BACKEND is "${backend}"; allowed: ${BACKENDS.join(', ')}.`);
  }
  const origins = (env['CLUSTERFLOW_CORS_ORIGINS'] ?? '*').trim();
  const model = env['CLUSTERFLOW_MODEL'] ?? 'darknet-tiny';
  const { limits: _ignored, ...rest } = overrides;
  return {
    host: env['CLUSTERFLOW_HOST'] ?? '127.0.0.1',
    port: int(env, 'CLUSTERFLOW_PORT', 4000, 0, 65535),
    databasePath: path.resolve(env['CLUSTERFLOW_DB'] ?? path.join(gatewayRoot, 'data', 'clusterflow.sqlite')),
    databaseUrl: databaseUrl(env),
    databaseSchema: databaseSchema(env),
    redisUrl: redisUrl(env),
    queuePrefix: queuePrefix(env),
    federation: bool(env, 'CLUSTERFLOW_FEDERATION', false),
    apiKey: nonEmpty(env['CLUSTERFLOW_API_KEY']),
    corsOrigins:
      origins === '*'
        ? '*'
        : origins
            .split(',')
            .map((o) => o.trim())
            .filter((o) => o.length > 0),
    production: env['NODE_ENV'] === 'production',
    debugErrors: bool(env, 'CLUSTERFLOW_DEBUG_ERRORS', false),
    logLevel: env['CLUSTERFLOW_LOG_LEVEL'] ?? 'info',
    staticDir: path.resolve(
      env['CLUSTERFLOW_STATIC_DIR'] ?? path.join(gatewayRoot, '..', 'playground', 'dist'),
    ),
    model,
    worldTap: worldTap(env, model),
    backend: backend as GatewayConfig['backend'],
    demoWorld: bool(env, 'CLUSTERFLOW_DEMO_WORLD', true),
    samplesDir: path.resolve(env['CLUSTERFLOW_SAMPLES_DIR'] ?? path.join(gatewayRoot, 'assets', 'samples')),
    batchSize: int(env, 'CLUSTERFLOW_BATCH_SIZE', 16, 1, 256),
    workers: int(env, 'CLUSTERFLOW_WORKERS', 1, 0, 64),
    shutdownTimeoutMs: int(env, 'CLUSTERFLOW_SHUTDOWN_TIMEOUT_MS', 10_000, 0),
    keepAliveTimeoutMs: int(env, 'CLUSTERFLOW_KEEP_ALIVE_TIMEOUT_MS', 76_000, 1000, 3_600_000),
    limits,
    ...rest,
  };
}

/** Model → the tap its worlds use when `CLUSTERFLOW_WORLD_TAP` is `auto` (measured in docs/RESULTS.md). */
const AUTO_WORLD_TAPS: Readonly<Record<string, string>> = { 'darknet-tiny': 'leaky_re_lu_14:gap' };

function worldTap(env: NodeJS.ProcessEnv, model: string): string {
  const raw = nonEmpty(env['CLUSTERFLOW_WORLD_TAP'])?.trim() ?? 'auto';
  if (raw === 'auto') return AUTO_WORLD_TAPS[model] ?? 'classSpace';
  if (!/^[^:\s]+(?::(?:gap|flatten))?$/.test(raw)) {
    throw new ConfigError(
      `CLUSTERFLOW_WORLD_TAP is "${raw}"; allowed: auto, classSpace, softmax, penultimate, <layer>, <layer>:gap, <layer>:flatten.`,
    );
  }
  return raw;
}

function databaseUrl(env: NodeJS.ProcessEnv): string | undefined {
  const raw = nonEmpty(env['CLUSTERFLOW_DATABASE_URL'])?.trim();
  if (raw === undefined) return undefined;
  if (!/^postgres(ql)?:\/\/\S+$/.test(raw)) {
    throw new ConfigError(
      `CLUSTERFLOW_DATABASE_URL does not start with postgres:// or postgresql://; allowed: a PostgreSQL URL such as postgres://user@127.0.0.1:5432/clusterflow, or unset for SQLite (CLUSTERFLOW_DB).`,
    );
  }
  return raw;
}

function redisUrl(env: NodeJS.ProcessEnv): string | undefined {
  const raw = nonEmpty(env['CLUSTERFLOW_REDIS_URL'])?.trim();
  if (raw === undefined) return undefined;
  if (!/^rediss?:\/\/\S+$/.test(raw)) {
    throw new ConfigError(
      'CLUSTERFLOW_REDIS_URL does not start with redis:// or rediss://; allowed: a Redis URL such as redis://127.0.0.1:6379, or unset.',
    );
  }
  return raw;
}

function queuePrefix(env: NodeJS.ProcessEnv): string {
  const raw = nonEmpty(env['CLUSTERFLOW_QUEUE_PREFIX'])?.trim() ?? 'clusterflow';
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(raw)) {
    throw new ConfigError(
      `CLUSTERFLOW_QUEUE_PREFIX is "${raw.slice(0, 80)}"; allowed: 1–64 letters, digits, _, . or -.`,
    );
  }
  return raw;
}

function databaseSchema(env: NodeJS.ProcessEnv): string {
  const raw = nonEmpty(env['CLUSTERFLOW_DATABASE_SCHEMA'])?.trim() ?? 'public';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(raw)) {
    throw new ConfigError(
      `CLUSTERFLOW_DATABASE_SCHEMA is "${raw.slice(0, 80)}"; allowed: lower-case letters, digits and _, 1–63 characters, not starting with a digit.`,
    );
  }
  return raw;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function int(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const raw = nonEmpty(env[name]);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} is "${raw}"; it must be an integer between ${min} and ${max}.`);
  }
  return value;
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = nonEmpty(env[name])?.toLowerCase();
  if (raw === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${name} is "${raw}"; allowed: true/false (also 1/0, yes/no, on/off).`);
}
