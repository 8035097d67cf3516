import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';

/** The `extensions.code` values this gateway raises on purpose. */
export type GatewayErrorCode = 'BAD_USER_INPUT' | 'UNAUTHENTICATED' | 'SERVICE_UNAVAILABLE';

/** Base of every deliberate gateway error: a GraphQLError whose `extensions.code` clients can switch on. */
export class GatewayError extends GraphQLError {
  constructor(
    readonly code: GatewayErrorCode,
    message: string,
    extensions: Record<string, unknown> = {},
  ) {
    super(message, { extensions: { ...extensions, code } });
  }
}

/** The request is wrong; the message says what was given and what is allowed. */
export class BadUserInputError extends GatewayError {
  constructor(message: string, extensions: Record<string, unknown> = {}) {
    super('BAD_USER_INPUT', message, extensions);
  }
}

/** A mutation without a valid API key. */
export class UnauthenticatedError extends GatewayError {
  constructor(message: string) {
    super('UNAUTHENTICATED', message);
  }
}

/**
 * A backend this operation needs is missing or overloaded; retrying later may succeed. With `retryAfterSeconds`
 * the response is HTTP 503 with a `Retry-After` header and `extensions.retryAfterSeconds` (the same hint).
 */
export class ServiceUnavailableError extends GatewayError {
  constructor(message: string, retryAfterSeconds?: number, extensions: Record<string, unknown> = {}) {
    super(
      'SERVICE_UNAVAILABLE',
      message,
      retryAfterSeconds === undefined
        ? extensions
        : {
            ...extensions,
            retryAfterSeconds,
            // Apollo turns this into the HTTP status and headers and removes it from the response body.
            http: { status: 503, headers: new HeaderMap([['retry-after', String(retryAfterSeconds)]]) },
          },
    );
  }
}
