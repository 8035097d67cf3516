import { describe, expect, it } from 'vitest';
import { asymmetry, surprise } from './asymmetry.js';

const outcomes = (inside: number, outside: number) => [
  ...Array.from({ length: inside }, () => ({ inWorld: true })),
  ...Array.from({ length: outside }, () => ({ inWorld: false })),
];

describe('surprise', () => {
  it('is the share of test images outside the world', () => {
    expect(surprise(outcomes(4, 2))).toBeCloseTo(2 / 6, 12);
    expect(surprise(outcomes(0, 5))).toBe(1);
    expect(surprise(outcomes(3, 0))).toBe(0);
  });

  it('refuses an empty test set instead of calling it unsurprising', () => {
    expect(() => surprise([])).toThrow(/at least one test image/);
  });
});

describe('asymmetry', () => {
  it('is the difference of the two surprises in percentage points', () => {
    // Dogs: 5 of 6 outside the cat world; cats: 1 of 4 outside the dog world → 83.33 − 25 = 58.33 pp.
    const result = asymmetry(outcomes(1, 5), outcomes(3, 1));
    expect(result.surpriseBGivenA).toBeCloseTo(5 / 6, 12);
    expect(result.surpriseAGivenB).toBeCloseTo(1 / 4, 12);
    expect(result.asymmetryPoints).toBeCloseTo((5 / 6 - 1 / 4) * 100, 10);
  });

  it('changes sign when the roles swap', () => {
    const ab = asymmetry(outcomes(2, 4), outcomes(5, 1));
    const ba = asymmetry(outcomes(5, 1), outcomes(2, 4));
    expect(ba.asymmetryPoints).toBeCloseTo(-ab.asymmetryPoints, 12);
  });
});
