import { describe, expect, it } from 'vitest';
import { pointInPolygon, pointsInPolygon } from './lasso.js';

// A 10×10 square and an L shape (a square with its top-right quarter cut out), drawn by hand on paper.
const SQUARE = [0, 0, 10, 0, 10, 10, 0, 10];
const L_SHAPE = [0, 0, 10, 0, 10, 5, 5, 5, 5, 10, 0, 10];

describe('pointInPolygon', () => {
  it('finds points inside and outside a square', () => {
    expect(pointInPolygon(5, 5, SQUARE)).toBe(true);
    expect(pointInPolygon(0.1, 9.9, SQUARE)).toBe(true);
    expect(pointInPolygon(11, 5, SQUARE)).toBe(false);
    expect(pointInPolygon(-1, -1, SQUARE)).toBe(false);
  });
  it('handles a concave polygon: the cut-out corner is outside', () => {
    expect(pointInPolygon(2, 2, L_SHAPE)).toBe(true);
    expect(pointInPolygon(8, 2, L_SHAPE)).toBe(true);
    expect(pointInPolygon(2, 8, L_SHAPE)).toBe(true);
    expect(pointInPolygon(8, 8, L_SHAPE)).toBe(false);
  });
  it('contains nothing with fewer than 3 vertices', () => {
    expect(pointInPolygon(0, 0, [0, 0, 1, 1])).toBe(false);
  });
});

describe('pointsInPolygon', () => {
  it('returns the indices inside a triangle', () => {
    // Triangle (0,0) (10,0) (0,10): x + y < 10 inside.
    const xy = [1, 1, 6, 6, 4, 4, 9, 0.5, -1, 2];
    expect(pointsInPolygon(xy, [0, 0, 10, 0, 0, 10])).toEqual([0, 2, 3]);
  });
});
