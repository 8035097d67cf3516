import { describe, expect, it } from 'vitest';
import { chunk } from './chunk.js';

describe('chunk', () => {
  it('splits 250 items into 100, 100, 50', () => {
    const parts = chunk(
      Array.from({ length: 250 }, (_, i) => i),
      100,
    );
    expect(parts.map((p) => p.length)).toEqual([100, 100, 50]);
    expect(parts[2][0]).toBe(200);
  });
  it('rejects a size below 1', () => {
    expect(() => chunk([1], 0)).toThrow(/integer ≥ 1, got 0/);
  });
});
