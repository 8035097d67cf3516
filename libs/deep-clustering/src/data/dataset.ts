/** Rows to cluster with their ground-truth classes (used for evaluation only, never for training). */
export interface Dataset {
  /** Short name, e.g. `mnist`. */
  readonly name: string;
  /** Row-major `rows × cols` values (images: pixels in [0, 1], row-major height × width × channels). */
  readonly data: Float32Array;
  /** Number of rows (samples). */
  readonly rows: number;
  /** Values per row. */
  readonly cols: number;
  /** Ground-truth class of each row (0-based; −1 where a row has no label). */
  readonly labels: Int32Array;
  /** Name of each class index. */
  readonly classNames: readonly string[];
  /** Image shape `[height, width, channels]` when the rows are images (enables the conv variant). */
  readonly imageShape?: readonly [number, number, number];
}
