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

/** A backend this operation needs is missing or overloaded; retrying later may succeed. */
export class ServiceUnavailableError extends GatewayError {
  constructor(message: string) {
    super('SERVICE_UNAVAILABLE', message);
  }
}
