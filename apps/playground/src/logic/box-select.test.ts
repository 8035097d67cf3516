import { describe, expect, it } from 'vitest';
import { pointsInBox } from './box-select.js';

describe('pointsInBox', () => {
  const xy = [0, 0, 5, 5, 10, 10, 5, 11, 2, 8];
  it('includes the edges', () => {
    expect(pointsInBox(xy, { x0: 0, y0: 0, x1: 10, y1: 10 })).toEqual([0, 1, 2, 4]);
  });
  it('accepts corners in any order (dragging up-left)', () => {
    expect(pointsInBox(xy, { x0: 6, y0: 12, x1: 1, y1: 4 })).toEqual([1, 3, 4]);
  });
  it('an empty box selects only points exactly on it', () => {
    expect(pointsInBox(xy, { x0: 5, y0: 5, x1: 5, y1: 5 })).toEqual([1]);
  });
});
