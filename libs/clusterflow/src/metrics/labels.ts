import { InvalidInputError } from '../errors/clusterflow-error.js';

/** Cluster or class labels, one per point: integers (any values) or strings. */
export type LabelArray = Int32Array | readonly number[] | readonly string[];

/** Labels re-coded as 0..count-1 in order of first appearance. */
export interface EncodedLabels {
  readonly codes: Int32Array;
  readonly count: number;
}

export function encodeLabels(labels: LabelArray): EncodedLabels {
  const codes = new Int32Array(labels.length);
  const seen = new Map<number | string, number>();
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i];
    let c = seen.get(v);
    if (c === undefined) {
      c = seen.size;
      seen.set(v, c);
    }
    codes[i] = c;
  }
  return { codes, count: seen.size };
}

/** Contingency table: counts[t * predicted.count + p] = points with true class t and predicted cluster p. */
export interface Contingency {
  readonly counts: Float64Array;
  readonly classes: number;
  readonly clusters: number;
  readonly n: number;
}

export function contingency(metric: string, truth: LabelArray, predicted: LabelArray): Contingency {
  if (truth.length !== predicted.length) {
    throw new InvalidInputError(
      `${metric}: truth has ${truth.length} labels but predicted has ${predicted.length}; they must match`,
    );
  }
  if (truth.length === 0) throw new InvalidInputError(`${metric}: at least one label is required`);
  const t = encodeLabels(truth);
  const p = encodeLabels(predicted);
  const counts = new Float64Array(t.count * p.count);
  for (let i = 0; i < truth.length; i++) counts[t.codes[i] * p.count + p.codes[i]]++;
  return { counts, classes: t.count, clusters: p.count, n: truth.length };
}
