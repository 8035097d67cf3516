import { createRng } from '@clusterflow/clusterflow';
import { describe, expect, it } from 'vitest';
import {
  asymmetryExperiment,
  buildWorld,
  stratifiedFolds,
  surprise,
  type LabelledExamples,
} from '../src/index.js';

/** n points uniform in [lo, hi]² (seeded), one label. */
function square(n: number, lo: number, hi: number, label: string, seed: number): LabelledExamples {
  const rng = createRng(seed);
  const data = new Float64Array(n * 2);
  for (let i = 0; i < data.length; i++) data[i] = lo + (hi - lo) * rng.next();
  return { data, rows: n, cols: 2, labelSets: Array.from({ length: n }, () => [label]) };
}

describe('surprise and asymmetry (paper §1.5, §3.4)', () => {
  // "Cats" vary little, "dogs" vary a lot and their range contains the cats' (the paper's explanation).
  const cats = square(40, 0, 1, 'cat', 1);
  const dogs = square(40, -10, 10, 'dog', 2);
  const catTest = square(40, 0, 1, 'cat', 3);
  const dogTest = square(40, -10, 10, 'dog', 4);

  it('surprise is the share of items outside the familiarised world', () => {
    const catWorld = buildWorld(cats, { calibration: { folds: 4 } });
    expect(surprise(catWorld, cats).surprise).toBe(0); // training items are inside by construction
    // A dog is inside the cat world's box (cats' range grown by 1σ ≈ 0.29 per side) only if both coordinates
    // fall in ≈ [−0.29, 1.29]: (1.58/20)² ≈ 0.6 % — so (nearly) all dogs surprise a cat world.
    expect(surprise(catWorld, dogTest).surprise).toBeGreaterThanOrEqual(0.95);
    const dogWorld = buildWorld(dogs, { calibration: { folds: 4 } });
    expect(surprise(dogWorld, catTest).surprise).toBe(0);
  });

  it('asymmetry is positive towards the wider category, with controls', () => {
    const r = asymmetryExperiment(
      { nameA: 'cat', nameB: 'dog', trainA: cats, testA: catTest, trainB: dogs, testB: dogTest },
      { world: { calibration: { folds: 4 } } },
    );
    expect(r.novel.surpriseA).toBe(0);
    expect(r.novel.surpriseB).toBeGreaterThanOrEqual(95);
    expect(r.novel.asymmetry).toBeCloseTo(r.novel.surpriseB - r.novel.surpriseA, 12);
    expect(r.trainControl.asymmetry).toBeGreaterThanOrEqual(95);
    expect(r.counts).toEqual({ trainA: 40, testA: 40, trainB: 40, testB: 40 });
    expect(r.together.pureA).toBeGreaterThanOrEqual(0);
    expect(r.together.pureB).toBeLessThanOrEqual(100);
  });
});

describe('calibration folds', () => {
  it('are stratified: every label spread evenly over the folds, reproducibly', () => {
    const labels = Array.from({ length: 50 }, (_, i) => [i < 30 ? 'a' : 'b']);
    const f = stratifiedFolds(labels, 5, 7);
    expect(f).toEqual(stratifiedFolds(labels, 5, 7));
    for (const l of ['a', 'b']) {
      const counts = new Array(5).fill(0);
      labels.forEach((ls, i) => ls[0] === l && counts[f[i]]++);
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    }
  });

  it('accepts at least 1 − α of held-out real examples on a dense world', () => {
    const w = buildWorld(square(200, 0, 1, 'x', 9), { calibration: { alpha: 0.1 } });
    expect(w.calibration.acceptance).toBeGreaterThanOrEqual(0.9);
    expect(w.provenance.calibration.alpha).toBe(0.1);
    expect(surprise(w, square(200, 0, 1, 'x', 10), 'calibrated').surprise).toBeLessThan(0.2);
  });
});
