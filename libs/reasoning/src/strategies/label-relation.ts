import { buildTree, type PointMatrix, type TreeBuildOptions } from '@clusterflow/clusterflow';
import { InvalidReasoningInputError } from '../errors/reasoning-error.js';
import { describeRelation } from '../relations/describe-relation.js';
import { readLabelOverlap, type ScoredLabel } from './label-overlap.js';
import { readRelationTree } from './relation-reader.js';
import type { RelationAnswer } from '../relations/relation-types.js';

/**
 * Labels strategy (paper §4.3): cluster the N labelled points with ClusterFlow and read the tree (root pure & no
 * rejects → SET; a pure child of N−1 and one reject → SSD; all rejected → ANTISET). When the tree has another
 * shape (chained label sets merge into a mixed leaf) the label overlap is read directly; `evidence.reading` says
 * which. Confidence: SET — mean score of the shared label; SSD — mean score of the shared label in the group
 * times (1 − the odd image's best score on it); ANTISET — 1 − the largest pairwise overlap.
 */
export function labelRelation(
  vectors: PointMatrix,
  labels: readonly (readonly ScoredLabel[])[],
  tree: TreeBuildOptions = {},
): RelationAnswer {
  const n = vectors.rows;
  if (n < 3) throw new InvalidReasoningInputError(`labelRelation: need N ≥ 3 images, got ${n}`);
  if (labels.length !== n)
    throw new InvalidReasoningInputError(`labelRelation: ${labels.length} label lists for ${n} images`);
  // An image without labels shares nothing: give it a private label so the tree sets it aside as a reject.
  const names = labels.map((ls, i) => (ls.length > 0 ? ls.map((l) => l.label) : [`\u2205${i}`]));
  let reading = readRelationTree(buildTree(vectors, names, { maxDepth: 4, ...tree }), n);
  const how: 'tree' | 'label-overlap' = reading ? 'tree' : 'label-overlap';
  if (!reading) reading = readLabelOverlap(labels);
  const score = (i: number, label: string): number => labels[i].find((l) => l.label === label)?.score ?? 0;
  let confidence: number;
  if (reading.relation === 'SET') {
    const shared = reading.sharedLabels[0] ?? [];
    confidence = shared.length ? Math.max(...shared.map((s) => mean(labels.map((_, i) => score(i, s))))) : 0;
  } else if (reading.relation === 'SAME_SAME_DIFFERENT' && reading.oddIndex !== null) {
    const group = reading.groups[0];
    const shared = (reading.sharedLabels[0] ?? []).length
      ? reading.sharedLabels[0]
      : names[group[0]].filter((l) => group.every((g) => names[g].includes(l)));
    confidence = shared.length
      ? Math.max(
          ...shared.map(
            (s) => mean(group.map((g) => score(g, s))) * (1 - score(reading.oddIndex as number, s)),
          ),
        )
      : 0;
  } else {
    let maxOverlap = 0;
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++)
        for (const l of labels[i]) maxOverlap = Math.max(maxOverlap, Math.min(l.score, score(j, l.label)));
    confidence = 1 - maxOverlap;
  }
  const shown = labels.map(
    (ls, i) => `${i + 1}: {${ls.map((l) => `${l.label} ${l.score.toFixed(2)}`).join(', ')}}`,
  );
  const sharedText = reading.sharedLabels
    .map((s, g) =>
      s.length ? `images ${reading.groups[g].map((i) => i + 1).join(',')} share {${s.join(', ')}}` : '',
    )
    .filter(Boolean)
    .join('; ');
  return {
    relation: reading.relation,
    groups: reading.groups,
    oddIndex: reading.oddIndex,
    confidence: clamp01(confidence),
    strategy: 'labels',
    explanation: `${describeRelation(reading.relation, reading.oddIndex)} from labels ${shown.join(' ')}${sharedText ? `; ${sharedText}` : ''} (read from the ${how === 'tree' ? 'ClusterFlow tree' : 'label overlap, the tree had a mixed leaf'})`,
    evidence: {
      labels: labels.map((ls) => ls.map((l) => l.label)),
      sharedLabels: reading.sharedLabels,
      reading: how,
    },
  };
}

function mean(xs: number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}
