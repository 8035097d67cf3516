import { describe, expect, it } from 'vitest';
import { connectedGroups } from '../src/relations/connected-groups.js';

/** Symmetric link test from an edge list. */
const edges =
  (...pairs: Array<[number, number]>) =>
  (i: number, j: number): boolean =>
    pairs.some(([a, b]) => (a === i && b === j) || (a === j && b === i));

describe('connectedGroups (the N > 3 groups of the labels and geometric strategies)', () => {
  it('follows chains: 0–2–4 is one group though 0 and 4 are not linked', () => {
    expect(connectedGroups(5, edges([0, 2], [2, 4], [1, 3]))).toEqual([
      [0, 2, 4],
      [1, 3],
    ]);
  });

  it('puts the largest group first and keeps index order among groups of one size', () => {
    expect(connectedGroups(6, edges([5, 4], [3, 1], [3, 2]))).toEqual([[1, 2, 3], [4, 5], [0]]);
    expect(connectedGroups(4, () => false)).toEqual([[0], [1], [2], [3]]);
    expect(connectedGroups(4, () => true)).toEqual([[0, 1, 2, 3]]);
  });
});
