import { readActivationTable } from '@clusterflow/extractors';
import type { Dataset } from './dataset.js';

/**
 * Reads an activation table (Arrow IPC, written by `@clusterflow/extractors`) as a {@link Dataset}: one row per
 * image; the class of a row is its first label (classes sorted by name), −1 for a row without labels.
 */
export async function loadActivationDataset(file: string): Promise<Dataset> {
  const table = await readActivationTable(file);
  const names = [...new Set(table.labelSets.flatMap((set) => set.slice(0, 1)))].sort();
  const index = new Map(names.map((n, i) => [n, i]));
  const labels = new Int32Array(table.rows);
  table.labelSets.forEach((set, i) => {
    labels[i] = set.length > 0 ? (index.get(set[0]) ?? -1) : -1;
  });
  return {
    name: `${table.model}:${table.tap}`,
    data: table.data,
    rows: table.rows,
    cols: table.cols,
    labels,
    classNames: names,
  };
}
