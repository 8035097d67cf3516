import { describe, expect, it } from 'vitest';
import { fitPoints } from './fit-points.js';

describe('fitPoints', () => {
  it('maps the bounding box onto the padded area, flipping y', () => {
    // x spans 0..10, y spans 0..10 → square 100×100 box with pad 10: scale 8.
    const out = fitPoints(
      [
        { x: 0, y: 0 },
        { x: 10, y: 10 },
        { x: 5, y: 2.5 },
      ],
      100,
      100,
      10,
    );
    expect([...out]).toEqual([10, 90, 90, 10, 50, 70]);
  });

  it('keeps the aspect ratio and centres the narrow axis', () => {
    // x spans 0..4, y spans 0..1 in a 100×100 box, pad 0: scale 25, y is centred (25 px tall, offset 37.5).
    const out = fitPoints(
      [
        { x: 0, y: 0 },
        { x: 4, y: 1 },
      ],
      100,
      100,
      0,
    );
    expect([...out]).toEqual([0, 62.5, 100, 37.5]);
  });

  it('puts coincident points in the centre', () => {
    expect([
      ...fitPoints(
        [
          { x: 3, y: 3 },
          { x: 3, y: 3 },
        ],
        200,
        100,
        10,
      ),
    ]).toEqual([100, 50, 100, 50]);
    expect(fitPoints([], 10, 10, 1)).toHaveLength(0);
  });
});
