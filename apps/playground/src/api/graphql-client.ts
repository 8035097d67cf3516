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
}

/** POSTs one operation and returns `data`, or throws a GraphQLRequestError carrying the server's messages. */
export async function graphqlRequest<TData, TVars extends object = Record<string, unknown>>(
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
