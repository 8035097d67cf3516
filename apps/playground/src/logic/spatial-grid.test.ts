import { describe, expect, it } from 'vitest';
import { SpatialGrid } from './spatial-grid.js';

// Points: 0 (0,0), 1 (10,0), 2 (10,10), 3 (3,4), 4 (25,25); cell size 5 → a 6×6 grid.
const XY = [0, 0, 10, 0, 10, 10, 3, 4, 25, 25];

describe('SpatialGrid', () => {
  const grid = new SpatialGrid(XY, 5);
  it('finds the nearest point within the radius', () => {
    expect(grid.nearest(2, 3, 5)).toBe(3); // distance √2 to (3,4) vs √13 to (0,0)
    expect(grid.nearest(9, 1, 3)).toBe(1);
    expect(grid.nearest(24, 24, 2)).toBe(4);
  });
  it('returns -1 when nothing is within the radius', () => {
    expect(grid.nearest(18, 18, 3)).toBe(-1);
  });
  it('looks across cell borders', () => {
    // (5.1, 0) is in the cell of point 1's column neighbour; nearest is (3,4)? d²=4.41+16=20.41; (0,0) d²=26.01;
    // (10,0) d²=24.01 → point 3.
    expect(grid.nearest(5.1, 0, 6)).toBe(3);
  });
  it('lists the points in a rectangle', () => {
    expect(grid.inRect(0, 0, 10, 5)).toEqual([0, 1, 3]);
    expect(grid.inRect(9, 9, 30, 30)).toEqual([2, 4]);
  });
  it('agrees with a linear scan on seeded random points', () => {
    // Small LCG with a fixed seed, so the case is reproducible.
    let s = 12345;
    const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 100;
    const xy = Array.from({ length: 2000 }, rnd);
    const g = new SpatialGrid(xy, 7);
    for (let q = 0; q < 50; q++) {
      const x = rnd();
      const y = rnd();
      let best = -1;
      let bestD = 36;
      for (let p = 0; p < 1000; p++) {
        const d = (xy[2 * p] - x) ** 2 + (xy[2 * p + 1] - y) ** 2;
        if (d < bestD) {
          best = p;
          bestD = d;
        }
      }
      expect(g.nearest(x, y, 6)).toBe(best);
    }
  });
  it('rejects a bad cell size', () => {
    expect(() => new SpatialGrid(XY, 0)).toThrow(/cellSize must be a finite number > 0, got 0/);
  });
});
