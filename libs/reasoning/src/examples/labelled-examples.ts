import type { PointMatrix } from '@clusterflow/clusterflow';
import { InvalidReasoningInputError } from '../errors/reasoning-error.js';

/**
 * Labelled activations: one row per image, each with a set of labels (structurally compatible with the
 * extractors' `ActivationTable`).
 */
export interface LabelledExamples extends PointMatrix {
  /** Labels of each row, one array per row in row order (a row may carry several labels). */
  readonly labelSets: readonly (readonly string[])[];
  /** Optional stable ids (file names) for provenance and reports. */
  readonly ids?: readonly string[];
}

/** Throws a typed error if rows/cols/data/labelSets disagree. */
export function checkLabelledExamples(examples: LabelledExamples, where: string): void {
  const { data, rows, cols, labelSets } = examples;
  if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(cols) || cols < 1)
    throw new InvalidReasoningInputError(
      `${where}: need rows ≥ 1 and cols ≥ 1, got rows=${rows}, cols=${cols}`,
    );
  if (data.length !== rows * cols)
    throw new InvalidReasoningInputError(
      `${where}: data has ${data.length} values, expected rows*cols=${rows * cols}`,
    );
  if (labelSets.length !== rows)
    throw new InvalidReasoningInputError(
      `${where}: ${labelSets.length} label sets for ${rows} rows; need one per row`,
    );
  if (examples.ids && examples.ids.length !== rows)
    throw new InvalidReasoningInputError(`${where}: ${examples.ids.length} ids for ${rows} rows`);
}

/** Copies the given rows (and their labels/ids) into a new Float32 example set. */
export function selectExamples(examples: LabelledExamples, indices: ArrayLike<number>): LabelledExamples {
  const { cols } = examples;
  const data = new Float32Array(indices.length * cols);
  const labelSets: string[][] = [];
  const ids: string[] = [];
  for (let r = 0; r < indices.length; r++) {
    const i = indices[r];
    data.set(examples.data.subarray(i * cols, (i + 1) * cols), r * cols);
    labelSets.push([...examples.labelSets[i]]);
    if (examples.ids) ids.push(examples.ids[i]);
  }
  return { data, rows: indices.length, cols, labelSets, ...(examples.ids ? { ids } : {}) };
}

/** Concatenates example sets with the same number of columns. */
export function concatExamples(parts: readonly LabelledExamples[]): LabelledExamples {
  if (parts.length === 0) throw new InvalidReasoningInputError('concatExamples: nothing to concatenate');
  const cols = parts[0].cols;
  const rows = parts.reduce((s, p) => s + p.rows, 0);
  const data = new Float32Array(rows * cols);
  const labelSets: string[][] = [];
  const ids: string[] = [];
  let offset = 0;
  for (const p of parts) {
    if (p.cols !== cols)
      throw new InvalidReasoningInputError(`concatExamples: column counts differ (${cols} vs ${p.cols})`);
    data.set(p.data, offset * cols);
    offset += p.rows;
    labelSets.push(...p.labelSets.map((l) => [...l]));
    ids.push(...(p.ids ?? Array.from({ length: p.rows }, (_, i) => `#${offset - p.rows + i}`)));
  }
  return { data, rows, cols, labelSets, ids };
}
