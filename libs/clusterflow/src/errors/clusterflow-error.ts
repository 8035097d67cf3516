/**
 * Base class of every error the clustering core throws on purpose. `code` is stable and machine-readable
 * (callers and the gateway switch on it); the message says what was wrong and what is allowed.
 */
export class ClusterFlowError extends Error {
  /** Stable machine-readable error code, e.g. 'INVALID_INPUT'. */
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'ClusterFlowError';
    this.code = code;
  }
}

/** The caller passed data or options outside what the function accepts (empty input, k out of range, …). */
export class InvalidInputError extends ClusterFlowError {
  constructor(message: string) {
    super('INVALID_INPUT', message);
    this.name = 'InvalidInputError';
  }
}
