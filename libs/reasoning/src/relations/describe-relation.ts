import type { Relation } from './relation-types.js';

/**
 * Short phrase for an answer, shared by the strategies' explanations. Explanations are for people, so they
 * number images from 1 (image 1 = index 0); `oddIndex` and `groups` stay 0-based.
 */
export function describeRelation(relation: Relation, oddIndex: number | null): string {
  if (relation === 'SET') return 'SET (all the same kind)';
  if (relation === 'ANTISET') return 'ANTISET (all different)';
  return oddIndex === null
    ? 'SAME_SAME_DIFFERENT'
    : `SAME_SAME_DIFFERENT, image ${oddIndex + 1} is the odd one out`;
}
