import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { Logger } from 'pino';
import type { CollectionRepository } from '../collections/collection.repository.js';
import { serveCollectionImage } from '../collections/collection.routes.js';
import type { GatewayConfig } from '../config/gateway-config.js';
import { runWithClientWait } from '../extractor/client-wait.js';
import type { HealthService } from '../health/health.service.js';
import type { ReadinessService } from '../readiness/readiness.service.js';
import type { GatewayContext } from '../schema/context.js';
import { keyMatches, presentedKey } from './api-key.js';
import type { StaticFiles } from './static-files.js';

export interface HttpDeps {
  apollo: ApolloServer<GatewayContext>;
  config: GatewayConfig;
  logger: Logger;
  health: HealthService;
  readiness: ReadinessService;
  staticFiles: StaticFiles | undefined;
  apiKey: string;
  /** Collections (issue 16): serves `/collections/…` image and thumbnail routes when set. */
  collections?: CollectionRepository;
  /**
   * Whether the CNN queue would refuse one more image now (the latency budget): a heavy query body (inline
   * images) is then refused before it is parsed. Undefined: no early refusal.
   */
  cnnBusy?: () => { retryAfterSeconds: number; message: string } | undefined;
}

/**
 * Bodies from this size on carry inline images (base64): under overload a query is refused once read, before JSON
 * parsing, base64 decoding and image validation, which cost the event loop far more than the refusal. Smaller bodies (queries,
 * job polls, `sampleId` images) are parsed as usual and meet the same budget in the queue.
 */
const HEAVY_BODY_BYTES = 64 * 1024;

/** Thrown while reading a body that is larger than allowed. */
class BodyTooLarge extends Error {}

const REQUEST_ID = /^[\w.:-]{1,64}$/;
const ALLOWED_HEADERS = 'content-type, x-api-key, authorization, x-request-id, apollo-require-preflight';

/**
 * The whole HTTP surface on node:http: request ids, CORS, body limits, `/health`, `/graphql` (Apollo), and the
 * playground's static files. Every error path answers with a JSON body; nothing here throws to Node.
 */
export function createRequestHandler(deps: HttpDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const incoming = req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const logger = deps.logger.child({ reqId: requestId });
    const started = process.hrtime.bigint();
    res.setHeader('x-request-id', requestId);
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info(
        { method: req.method, url: req.url, status: res.statusCode, ms: Math.round(ms * 10) / 10 },
        'request',
      );
    });
    runWithClientWait(performance.now(), () => handle(deps, req, res, requestId, logger)).catch(
      (error: unknown) => {
        logger.error({ err: error }, 'unhandled error in request handler');
        if (!res.headersSent) {
          sendErrors(res, 500, 'INTERNAL_SERVER_ERROR', `Internal server error (request id ${requestId}).`);
        } else {
          res.destroy();
        }
      },
    );
  };
}

async function handle(
  deps: HttpDeps,
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
  logger: Logger,
): Promise<void> {
  applyCors(deps.config, req, res);
  const url = new URL(req.url ?? '/', 'http://gateway.local');
  if (req.method === 'OPTIONS') {
    res.statusCode = 204;
    res.end();
    return;
  }
  if (url.pathname === '/health' && (req.method === 'GET' || req.method === 'HEAD')) {
    const report = await deps.health.report();
    sendJson(res, report.status === 'ok' && report.database ? 200 : 503, report);
    return;
  }
  if (url.pathname === '/ready' && (req.method === 'GET' || req.method === 'HEAD')) {
    const readiness = await deps.readiness.check();
    sendJson(res, readiness.status === 'ready' ? 200 : 503, readiness);
    return;
  }
  if (url.pathname === '/graphql') {
    await graphql(deps, req, res, url, requestId, logger);
    return;
  }
  if (
    (req.method === 'GET' || req.method === 'HEAD') &&
    deps.collections !== undefined &&
    (await serveCollectionImage(deps.collections, url.pathname, res, (message) =>
      sendErrors(res, 404, 'NOT_FOUND', message),
    ))
  )
    return;
  if ((req.method === 'GET' || req.method === 'HEAD') && deps.staticFiles?.serve(req, res, url.pathname))
    return;
  sendErrors(
    res,
    404,
    'NOT_FOUND',
    `Nothing at ${req.method} ${url.pathname.slice(0, 100)}; the API is POST /graphql, liveness is GET /health, readiness GET /ready.`,
  );
}

async function graphql(
  deps: HttpDeps,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  requestId: string,
  logger: Logger,
): Promise<void> {
  const limit = deps.config.limits.maxRequestBytes;
  let raw: Buffer;
  try {
    raw = await readBody(req, limit);
  } catch (error) {
    if (error instanceof BodyTooLarge) {
      sendErrors(
        res,
        413,
        'BAD_USER_INPUT',
        `The request body is larger than ${limit} bytes, the limit per request.`,
      );
      return;
    }
    throw error;
  }
  const busy = raw.length >= HEAVY_BODY_BYTES && isQueryFirst(raw) ? deps.cnnBusy?.() : undefined;
  if (busy !== undefined) {
    res.setHeader('retry-after', String(busy.retryAfterSeconds));
    sendJson(res, 503, {
      errors: [
        {
          message: busy.message,
          extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: busy.retryAfterSeconds },
        },
      ],
    });
    return;
  }
  let body: unknown = undefined;
  const contentType = req.headers['content-type'] ?? '';
  if (raw.length > 0) {
    if (/^application\/(graphql-response\+)?json/i.test(contentType)) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch (error) {
        sendErrors(
          res,
          400,
          'BAD_USER_INPUT',
          `The request body is not valid JSON (${(error as Error).message.slice(0, 120)}); send {"query": "...", "variables": {...}}.`,
        );
        return;
      }
    } else {
      body = raw.toString('utf8');
    }
  }
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  const context: GatewayContext = {
    requestId,
    logger,
    authenticated: keyMatches(deps.apiKey, presentedKey(req.headers)),
  };
  const response = await deps.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers, search: url.search, body },
    context: async () => context,
  });
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

/**
 * Whether a JSON body starts with a query operation (`{"query": "query …"` or `"{ …"`): only those are refused
 * early. Mutations (createWorld uploads become background jobs, never refused) and anything else are parsed.
 */
function isQueryFirst(raw: Buffer): boolean {
  return /^\s*\{\s*"query"\s*:\s*"\s*(?:query\b|\{)/.test(raw.subarray(0, 256).toString('utf8'));
}

/**
 * Reads the body up to `limit` bytes. A larger body is read to its end and discarded before the 413 goes out, so
 * the client finishes its upload and reads the answer instead of seeing a reset; an upload past 4 × limit is cut off.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = Number(req.headers['content-length'] ?? 0) > limit ? limit + 1 : 0;
    let settled = false;
    const settle = (fn: () => void): void => {
      if (!settled) {
        settled = true;
        fn();
      }
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > 4 * limit) {
        settle(() => reject(new BodyTooLarge()));
        req.destroy();
      } else if (size <= limit) {
        chunks.push(chunk);
      } else {
        chunks.length = 0;
      }
    });
    req.on('end', () =>
      settle(() => (size > limit ? reject(new BodyTooLarge()) : resolve(Buffer.concat(chunks)))),
    );
    req.on('error', (error) => settle(() => reject(error)));
  });
}

function applyCors(config: GatewayConfig, req: IncomingMessage, res: ServerResponse): void {
  const origin = req.headers.origin;
  if (config.corsOrigins === '*') {
    res.setHeader('access-control-allow-origin', '*');
  } else if (origin !== undefined && config.corsOrigins.includes(origin)) {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('vary', 'origin');
  }
  res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
  res.setHeader('access-control-allow-headers', ALLOWED_HEADERS);
  res.setHeader('access-control-expose-headers', 'x-request-id');
  res.setHeader('access-control-max-age', '600');
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(text));
  res.end(text);
}

/** The GraphQL-over-HTTP error shape, so clients parse HTTP-level refusals like any other error. */
function sendErrors(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { errors: [{ message, extensions: { code } }] });
}
