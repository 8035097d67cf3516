/** What was wrong, as a stable machine-readable code. */
export type DeepClusteringErrorCode =
  | 'EMPTY_DATA'
  | 'NON_FINITE'
  | 'BAD_K'
  | 'DIMENSION_MISMATCH'
  | 'BAD_OPTION'
  | 'CHECKPOINT_MISMATCH'
  | 'CHECKPOINT_UNREADABLE'
  | 'DATA_UNAVAILABLE'
  | 'DISPOSED'
  | 'DEGENERATE';

/** Typed error of `@clusterflow/deep-clustering`: its message says what was wrong and what is allowed. */
export class DeepClusteringError extends Error {
  /** Stable code of the problem. */
  readonly code: DeepClusteringErrorCode;

  /**
   * @param code - stable code of the problem.
   * @param message - what was wrong and what is allowed.
   */
  constructor(code: DeepClusteringErrorCode, message: string) {
    super(message);
    this.name = 'DeepClusteringError';
    this.code = code;
  }
}

/** True if `error` is a {@link DeepClusteringError} (optionally with the given code). */
export function isDeepClusteringError(
  error: unknown,
  code?: DeepClusteringErrorCode,
): error is DeepClusteringError {
  return error instanceof DeepClusteringError && (code === undefined || error.code === code);
}
