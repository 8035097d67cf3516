/** Rows to cluster: a {@link Dataset} or any row-major matrix (labels, if present, are never used to train). */
export interface DdcInput {
  /** Row-major `rows × cols` values. */
  readonly data: Float32Array;
  /** Number of rows. */
  readonly rows: number;
  /** Values per row. */
  readonly cols: number;
  /** Image shape `[height, width, channels]` when rows are images; needed by the conv variant. */
  readonly imageShape?: readonly [number, number, number];
}
