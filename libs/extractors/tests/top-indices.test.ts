import { describe, expect, it } from 'vitest';
import { topIndices } from '../src/index.js';

describe('topIndices', () => {
  it('returns the k largest, largest first', () => {
    expect(topIndices(new Float32Array([0.1, 0.5, 0.2, 0.9, 0.3]), 3)).toEqual([3, 1, 4]);
    expect(topIndices([3, 1, 2], 1)).toEqual([0]);
  });

  it('keeps the lower index first on ties', () => {
    expect(topIndices([1, 2, 2, 0, 2], 2)).toEqual([1, 2]);
    expect(topIndices([5, 5, 5], 3)).toEqual([0, 1, 2]);
  });

  it('clamps k to [0, length]', () => {
    expect(topIndices([1, 2], 0)).toEqual([]);
    expect(topIndices([1, 2], -3)).toEqual([]);
    expect(topIndices([1, 2], 10)).toEqual([1, 0]);
    expect(topIndices([], 5)).toEqual([]);
  });

  it('agrees with a full stable sort on 1000 values with repeats', () => {
    // Deterministic values with many ties (rounded to 2 decimals), like a quantised softmax.
    const values = Float32Array.from(
      { length: 1000 },
      (_, i) => Math.round(Math.abs(Math.sin(i * 12.9898)) * 100) / 100,
    );
    const sorted = Array.from(values.keys()).sort((a, b) => values[b] - values[a] || a - b);
    for (const k of [1, 5, 17, 1000]) expect(topIndices(values, k)).toEqual(sorted.slice(0, k));
  });
});
