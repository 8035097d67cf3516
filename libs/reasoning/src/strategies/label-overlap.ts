import type { Relation } from '../relations/relation-types.js';
import { connectedGroups } from '../relations/connected-groups.js';
import type { TreeReading } from './relation-reader.js';

/** A label with a score (a world guess or a CNN probability). */
export interface ScoredLabel {
  /** The label name. */
  readonly label: string;
  /** Its score (the world's guess score or the CNN's softmax probability); higher is stronger. */
  readonly score: number;
}

/**
 * Reads a relation straight from the label sets, by the same rules the tree encodes: a label common to all N →
 * SET; no pair shares a label → ANTISET; otherwise the odd one out is the image left out by a label shared by the
 * other N−1 (several candidates: the one with the least score-weighted overlap with the rest). Used as the
 * fallback when the tree has a shape the reader does not recognise (chained label sets make a mixed leaf).
 */
export function readLabelOverlap(labels: readonly (readonly ScoredLabel[])[]): TreeReading {
  const n = labels.length;
  const sets = labels.map((ls) => new Map(ls.map((l) => [l.label, l.score] as const)));
  const common = [...sets[0].keys()].filter((l) => sets.every((s) => s.has(l)));
  if (common.length > 0) {
    return {
      relation: 'SET',
      groups: [Array.from({ length: n }, (_, i) => i)],
      oddIndex: null,
      sharedLabels: [common],
    };
  }
  // Score-weighted overlap between images i and j: Σ over shared labels of min(score_i, score_j).
  const overlap = new Float64Array(n * n);
  let anyShared = false;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let w = 0;
      for (const [label, si] of sets[i]) {
        const sj = sets[j].get(label);
        if (sj !== undefined) w += Math.min(si, sj) + 1e-9;
      }
      overlap[i * n + j] = overlap[j * n + i] = w;
      if (w > 0) anyShared = true;
    }
  }
  if (!anyShared) {
    return {
      relation: 'ANTISET',
      groups: Array.from({ length: n }, (_, i) => [i]),
      oddIndex: null,
      sharedLabels: Array.from({ length: n }, () => []),
    };
  }
  const candidates = new Map<number, string[]>();
  const counts = new Map<string, number[]>();
  sets.forEach((s, i) => s.forEach((_, l) => counts.set(l, [...(counts.get(l) ?? []), i])));
  for (const [label, holders] of counts) {
    if (holders.length !== n - 1) continue;
    const odd = Array.from({ length: n }, (_, i) => i).find((i) => !holders.includes(i)) as number;
    candidates.set(odd, [...(candidates.get(odd) ?? []), label]);
  }
  const totalOverlap = (i: number): number => {
    let t = 0;
    for (let j = 0; j < n; j++) t += overlap[i * n + j];
    return t;
  };
  let odd = -1;
  for (const c of candidates.keys()) if (odd < 0 || totalOverlap(c) < totalOverlap(odd)) odd = c;
  if (odd >= 0) {
    const rest = Array.from({ length: n }, (_, i) => i).filter((i) => i !== odd);
    return {
      relation: 'SAME_SAME_DIFFERENT',
      groups: [rest, [odd]],
      oddIndex: odd,
      sharedLabels: [candidates.get(odd) ?? [], []],
    };
  }
  // N > 3 without a label held by N−1: report groups of connected images, no single odd one.
  const groups = connectedGroups(n, (i, j) => overlap[i * n + j] > 0);
  return {
    relation: 'SAME_SAME_DIFFERENT' as Relation,
    groups,
    sharedLabels: groups.map(() => []),
    oddIndex: null,
  };
}
