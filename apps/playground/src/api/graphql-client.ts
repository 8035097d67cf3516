/** One error entry of a GraphQL response. */
export interface GraphQLErrorEntry {
  message: string;
  extensions?: { code?: string } & Record<string, unknown>;
  path?: (string | number)[];
}

/** A request that did not produce data: a GraphQL error (its message is shown), an HTTP failure or no gateway. */
export class GraphQLRequestError extends Error {
  override readonly name = 'GraphQLRequestError';
  constructor(
    message: string,
    /** `extensions.code` of the first GraphQL error, `NETWORK_ERROR` or `HTTP_<status>`. */
    readonly code: string,
    readonly errors: readonly GraphQLErrorEntry[] = [],
  ) {
    super(message);
  }
}

/** Header the gateway reads the API key from (mutations only). */
export const API_KEY_HEADER = 'x-api-key';

export interface RequestOptions {
  /** Sent as the API key header when non-empty. */
  apiKey?: string;
  signal?: AbortSignal;
  /** Default `/graphql` (same origin: the gateway serves the app, Vite proxies it in development). */
  endpoint?: string;
  /**
   * Longest total time, in ms, a query refused with SERVICE_UNAVAILABLE (the CNN is busy) is retried for, after
   * the server's `retryAfterSeconds` hint each time. Default 60 000; 0 turns retrying off. Mutations are never
   * retried: only a query is safe to send twice.
   */
  busyRetryMs?: number;
  /** Called before each busy retry with the seconds until it and the server's message (to show a status). */
  onBusy?: (retryInSeconds: number, message: string) => void;
}

/** Whether `document` is a query (its first operation), the only kind retried when the CNN is busy. */
export function isQueryDocument(document: string): boolean {
  const text = document.replace(/#[^\n]*/g, '').trimStart();
  return text.startsWith('{') || /^query\b/.test(text);
}

/** The server's retry hint of a SERVICE_UNAVAILABLE refusal, in seconds, or undefined for any other failure. */
export function busyRetryHint(error: unknown): number | undefined {
  if (!(error instanceof GraphQLRequestError) || error.code !== 'SERVICE_UNAVAILABLE') return undefined;
  const hint = error.errors[0]?.extensions?.['retryAfterSeconds'];
  return typeof hint === 'number' && Number.isFinite(hint) && hint >= 0 ? hint : undefined;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new DOMException('The request was aborted.', 'AbortError'));
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new DOMException('The request was aborted.', 'AbortError'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * POSTs one operation and returns `data`, or throws a GraphQLRequestError carrying the server's messages. A query
 * the gateway refuses because its CNN is busy is sent again after the server's hint, for up to `busyRetryMs`.
 */
export async function graphqlRequest<TData, TVars extends object = Record<string, unknown>>(
  query: string,
  variables: TVars,
  options: RequestOptions = {},
): Promise<TData> {
  const budget = isQueryDocument(query) ? (options.busyRetryMs ?? 60_000) : 0;
  let waited = 0;
  for (;;) {
    try {
      return await sendOnce<TData, TVars>(query, variables, options);
    } catch (error) {
      const hint = busyRetryHint(error);
      const ms = hint === undefined ? undefined : Math.max(1, hint) * 1000;
      if (ms === undefined || waited + ms > budget) throw error;
      options.onBusy?.(ms / 1000, (error as Error).message);
      await sleep(ms, options.signal);
      waited += ms;
    }
  }
}

async function sendOnce<TData, TVars extends object>(
  query: string,
  variables: TVars,
  options: RequestOptions = {},
): Promise<TData> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (options.apiKey !== undefined && options.apiKey.trim() !== '')
    headers[API_KEY_HEADER] = options.apiKey.trim();
  let response: Response;
  try {
    response = await fetch(options.endpoint ?? 'graphql', {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new GraphQLRequestError(
      `Cannot reach the gateway (${error instanceof Error ? error.message : String(error)}). Is it running?`,
      'NETWORK_ERROR',
    );
  }
  return readResponse<TData>(response);
}

/** Turns a fetch Response into data or a GraphQLRequestError (exported for tests). */
export async function readResponse<TData>(response: Response): Promise<TData> {
  const text = await response.text();
  let body: { data?: TData | null; errors?: GraphQLErrorEntry[] } | undefined;
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    body = undefined;
  }
  const errors = body?.errors ?? [];
  if (errors.length > 0) {
    const first = errors[0];
    const message = errors.length === 1 ? first.message : errors.map((e) => e.message).join(' · ');
    throw new GraphQLRequestError(message, first.extensions?.code ?? `HTTP_${response.status}`, errors);
  }
  if (!response.ok || body === undefined || body.data === undefined || body.data === null) {
    const snippet = text.slice(0, 200).trim();
    throw new GraphQLRequestError(
      `The gateway answered HTTP ${response.status}${snippet === '' ? '' : `: ${snippet}`}`,
      `HTTP_${response.status}`,
    );
  }
  return body.data;
}
