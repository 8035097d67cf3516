/** What kind of mistake a {@link MetricLearningError} reports. */
export type MetricLearningErrorCode =
  /** The data: empty, NaN/Inf, mismatched lengths, too few labels. */
  | 'INVALID_INPUT'
  /** An option outside its allowed range (dim < 1, margin ≤ 0, λ outside [0, 1], …). */
  | 'INVALID_OPTION'
  /** A saved embedding head that is not in this library's format (wrong format tag, version or weight sizes). */
  | 'INVALID_FORMAT';

/**
 * Typed error of the metric-learning losses and the embedding head: `code` is stable and machine-readable, the
 * message says what was given and what is allowed.
 */
export class MetricLearningError extends Error {
  /** Always `'MetricLearningError'`. */
  override readonly name = 'MetricLearningError';

  constructor(
    /** What kind of mistake this is. */
    readonly code: MetricLearningErrorCode,
    message: string,
  ) {
    super(message);
  }
}
