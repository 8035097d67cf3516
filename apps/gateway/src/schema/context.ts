import type { Logger } from 'pino';

/** Per-request GraphQL context. */
export interface GatewayContext {
  requestId: string;
  logger: Logger;
  /** True when the request carried the configured API key. */
  authenticated: boolean;
}
