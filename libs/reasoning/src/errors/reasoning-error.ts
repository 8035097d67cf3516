/**
 * Base class of every error the reasoning lib throws on purpose. `code` is stable and machine-readable (the
 * gateway maps it to GraphQL error codes); the message says what was wrong and what is allowed.
 */
export class ReasoningError extends Error {
  /** Stable machine-readable error code: 'INVALID_INPUT' or 'WORLD_FORMAT' for the subclasses here. */
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'ReasoningError';
    this.code = code;
  }
}

/** Input data or options outside what a function accepts (too few images, mismatched sizes, bad alpha, …). */
export class InvalidReasoningInputError extends ReasoningError {
  constructor(message: string) {
    super('INVALID_INPUT', message);
    this.name = 'InvalidReasoningInputError';
  }
}

/** A persisted world could not be read (wrong format name, unsupported version, corrupt payload). */
export class WorldFormatError extends ReasoningError {
  constructor(message: string) {
    super('WORLD_FORMAT', message);
    this.name = 'WorldFormatError';
  }
}
