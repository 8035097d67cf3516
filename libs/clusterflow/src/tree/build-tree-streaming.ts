import { rowStoreOf } from '../boxes/row-store.js';
import { InvalidInputError } from '../errors/clusterflow-error.js';
import type { PointMatrix } from '../point-matrix.js';
import { buildFromStore } from './build-tree.js';
import type { ClusterTree } from './cluster-tree.js';
import { LabelTableBuilder } from './label-table.js';
import type { TreeBuildOptions } from './tree-options.js';

/** One batch of a stream: points and one label list per row. */
export interface TreeBatch {
  /** The batch's points (every batch must have the same number of columns). */
  readonly points: PointMatrix;
  /** One label list per row of `points`. */
  readonly labels: readonly (readonly string[])[];
}

/**
 * Builds a tree from an async stream of batches (e.g. activations extracted image batch by image batch).
 * Point indices in the tree are global: batch 0's rows first, then batch 1's, …
 *
 * Memory: the batches' matrices are kept by reference, never copied or concatenated (recursion into mixed
 * clusters revisits member points); labels are interned into two Int32Arrays (offsets + ids); per point
 * 8 bytes of addressing (batch index + row offset). During the build, a label's points are copied only for
 * seeding (at most `seedSampleSize` rows at a time). The finished tree holds no point values, only boxes
 * and member indices, so the batches can be released once this resolves.
 */
export async function buildTreeStreaming(
  batches: AsyncIterable<TreeBatch>,
  options: TreeBuildOptions = {},
): Promise<ClusterTree> {
  const matrices: PointMatrix[] = [];
  const labels = new LabelTableBuilder();
  let rows = 0;
  for await (const batch of batches) {
    const { points } = batch;
    if (matrices.length > 0 && points.cols !== matrices[0].cols) {
      throw new InvalidInputError(
        `batch ${matrices.length} has ${points.cols} columns; every batch must have ${matrices[0].cols}`,
      );
    }
    if (batch.labels.length !== points.rows) {
      throw new InvalidInputError(
        `batch ${matrices.length}: labels has ${batch.labels.length} entries but points has ${points.rows} rows`,
      );
    }
    labels.add(batch.labels, rows);
    if (points.rows > 0) matrices.push(points);
    rows += points.rows;
    options.onProgress?.({ phase: 'batch', nodes: 0, depth: 0, points: rows });
  }
  if (matrices.length === 0) throw new InvalidInputError('the stream had no points; at least 1 is required');
  return buildFromStore(rowStoreOf(matrices), labels.build(), options);
}
