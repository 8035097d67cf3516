/** Every failure this library reports on purpose carries one of these codes. */
export type ExtractorErrorCode =
  | 'NOT_AN_IMAGE'
  | 'TRUNCATED_IMAGE'
  | 'IMAGE_TOO_LARGE'
  | 'UNSUPPORTED_FORMAT'
  | 'MODEL_NOT_FOUND'
  | 'LAYER_NOT_FOUND'
  | 'BACKEND_UNAVAILABLE'
  | 'INVALID_ARGUMENT'
  | 'TABLE_FORMAT';

/** Typed error: `code` says what went wrong, the message says what was given and what is allowed. */
export class ExtractorError extends Error {
  /** Always `'ExtractorError'`. */
  override readonly name = 'ExtractorError';

  constructor(
    /** What kind of failure this is. */
    readonly code: ExtractorErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Narrowing helper for callers that catch `unknown`. */
export function isExtractorError(error: unknown, code?: ExtractorErrorCode): error is ExtractorError {
  return error instanceof ExtractorError && (code === undefined || error.code === code);
}
