import { createRng } from '@clusterflow/clusterflow';
import { describe, expect, it } from 'vitest';
import { buildWorld, type LabelledExamples } from '../src/index.js';
import { relation } from '../src/relations/relation.js';
import {
  calibrateRelationReader,
  calibratedRelation,
  tripletFeatures,
} from '../src/strategies/calibrated-relation.js';
import { fitSoftmaxClassifier, predictSoftmax } from '../src/strategies/softmax-classifier.js';
import { fitRidgeProbe, ridgeProbePosterior, RIDGE_LAMBDAS } from '../src/strategies/ridge-probe.js';

const DIMS = 8;

/** Gaussian blobs: class c centred on 4·e_c (unit noise), so every label is well apart from every other. */
function blobs(perClass: number, classes: number, seed: number): LabelledExamples {
  const rng = createRng(seed);
  const gauss = (): number => {
    const u = 1 - rng.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
  };
  const data = new Float32Array(perClass * classes * DIMS);
  const labelSets: string[][] = [];
  for (let c = 0; c < classes; c++) {
    for (let i = 0; i < perClass; i++) {
      const r = c * perClass + i;
      for (let j = 0; j < DIMS; j++) data[r * DIMS + j] = (j === c ? 4 : 0) + 0.5 * gauss() + 1;
      labelSets.push([`k${c}`]);
    }
  }
  return { data, rows: perClass * classes, cols: DIMS, labelSets };
}

const world = buildWorld(blobs(30, 4, 1), { name: 'blobs', calibration: { folds: 4 } });
const fresh = blobs(3, 4, 99); // never in the world: rows 3c..3c+2 are of class k<c>
const rowsOf = (...idx: number[]) => {
  const data = new Float32Array(idx.length * DIMS);
  idx.forEach((r, i) => data.set(fresh.data.subarray(r * DIMS, (r + 1) * DIMS), i * DIMS));
  return { data, rows: idx.length, cols: DIMS };
};

describe('softmax classifier', () => {
  it('separates two 1-D classes by the sign of x', () => {
    const x = [[-2], [-1], [-0.5], [0.5], [1], [2]];
    const m = fitSoftmaxClassifier(x, [0, 0, 0, 1, 1, 1], 2);
    expect(predictSoftmax(m, [-1.5])[0]).toBeGreaterThan(0.8);
    expect(predictSoftmax(m, [1.5])[1]).toBeGreaterThan(0.8);
  });
});

describe('tripletFeatures', () => {
  it('with one-hot distributions, the same-label pair is the one of equal classes, sorted first', () => {
    const q = [Float64Array.of(1, 0), Float64Array.of(0, 1), Float64Array.of(0, 1)] as const;
    const u = [Float64Array.of(1, 0), Float64Array.of(0, 1), Float64Array.of(0, 1)] as const;
    const t = tripletFeatures(q, u);
    expect(t.samePair).toEqual([1, 2]);
    expect(t.pairSame).toEqual([0, 0, 1]);
    expect(t.features[0]).toBeCloseTo(Math.log(1 + 1e-6), 9);
    expect(t.features.slice(3, 6)).toEqual([1, 0, 0]);
    // independent hypotheses: SET impossible, SSD with pair 2-3 certain, ANTISET impossible
    expect(t.features.slice(6).map((v) => Math.round(Math.exp(v)))).toEqual([0, 1, 0]);
  });
});

describe('calibrated relation reader (synthetic world, answers known)', () => {
  const reader = calibrateRelationReader(world, { seed: 3 });

  it('reads every relation right on held-out triplets of well-separated labels, and counts them all', () => {
    expect(reader.labels).toEqual(['k0', 'k1', 'k2', 'k3']);
    for (const task of ['SET', 'SAME_SAME_DIFFERENT', 'ANTISET'] as const) {
      const row = reader.heldOut.confusion[task];
      expect(row.SET + row.SAME_SAME_DIFFERENT + row.ANTISET).toBe(300);
      expect(reader.heldOut.triplets[task]).toBe(300);
      expect(reader.heldOut.accuracy[task]).toBeGreaterThanOrEqual(0.95);
    }
  });

  it('with neighbour votes instead of the probe, reads them right too', () => {
    const nn = calibrateRelationReader(world, { seed: 3, posterior: 'neighbours' });
    expect(nn.probe).toBeNull();
    for (const task of ['SET', 'SAME_SAME_DIFFERENT', 'ANTISET'] as const)
      expect(nn.heldOut.accuracy[task]).toBeGreaterThanOrEqual(0.95);
    expect(() => calibrateRelationReader(world, { folds: 1 })).toThrow(/folds must be an integer ≥ 2/);
  });

  it('is reproducible from its seed', () => {
    expect(calibrateRelationReader(world, { seed: 3 })).toEqual(reader);
  });

  it('answers fresh triplets: SET, SSD with the odd image, ANTISET', () => {
    expect(calibratedRelation(world, reader, rowsOf(0, 1, 2)).relation).toBe('SET');
    const ssd = calibratedRelation(world, reader, rowsOf(3, 9, 4)); // k1, k3, k1
    expect(ssd.relation).toBe('SAME_SAME_DIFFERENT');
    expect(ssd.oddIndex).toBe(1);
    expect(ssd.strategy).toBe('combined');
    expect(ssd.evidence.reader).toBe('calibrated');
    expect(calibratedRelation(world, reader, rowsOf(0, 3, 6)).relation).toBe('ANTISET');
  });

  it("is an option of relation(): reader 'calibrated' fits the reader from the world on first use", () => {
    const a = relation({ vectors: rowsOf(6, 7, 0) }, { world, reader: 'calibrated' });
    expect(a.relation).toBe('SAME_SAME_DIFFERENT');
    expect(a.oddIndex).toBe(2);
    expect(a.evidence.reader).toBe('calibrated');
    expect(relation({ vectors: rowsOf(6, 7, 0) }, { world }).evidence.reader).toBeUndefined();
  });

  it('a world of two labels has no ANTISET triplets to check, and says so with 0 counted', () => {
    const two = buildWorld(blobs(20, 2, 5), { calibration: { folds: 4 } });
    const r = calibrateRelationReader(two);
    expect(r.heldOut.triplets.ANTISET).toBe(0);
    expect(r.heldOut.accuracy.SET).toBeGreaterThanOrEqual(0.9);
  });

  it('refuses a world too small to form two relations in its training half, saying what is needed', () => {
    const tiny = buildWorld(blobs(2, 2, 6), { calibration: { folds: 2 } }); // 1 example per label per half
    expect(() => calibrateRelationReader(tiny)).toThrow(
      /too small to fit the reader.*SET needs a label with ≥ 3/,
    );
  });

  it('refuses a world of one label', () => {
    const one = buildWorld(
      { ...blobs(20, 1, 5), labelSets: Array.from({ length: 20 }, () => ['k0']) },
      { calibration: { folds: 4 } },
    );
    expect(() => calibrateRelationReader(one)).toThrow(/at least 2 labels/);
  });
});

describe('ridge probe', () => {
  it('its weights solve the ridge normal equations (XᵀX + λI) W = Xᵀ Y on centred data', () => {
    const rng = createRng(4);
    const rows = 12;
    const cols = 3;
    const data = Float64Array.from({ length: rows * cols }, () => rng.next() * 2 - 1);
    const classOf = Array.from({ length: rows }, (_, i) => i % 2);
    const fold = Array.from({ length: rows }, (_, i) => Math.floor(i / 2) % 3);
    const { probe, crossFitted } = fitRidgeProbe(data, rows, cols, classOf, 2, fold, 3);
    expect(RIDGE_LAMBDAS).toContain(probe.lambda);
    expect(crossFitted).toHaveLength(rows);
    const x = (i: number, d: number): number => data[i * cols + d] - probe.mean[d];
    const y = (i: number, c: number): number => (classOf[i] === c ? 1 : 0) - probe.bias[c];
    for (let a = 0; a < cols; a++) {
      for (let c = 0; c < 2; c++) {
        let lhs = probe.lambda * probe.weights[a * 2 + c];
        let rhs = 0;
        for (let i = 0; i < rows; i++) {
          for (let b = 0; b < cols; b++) lhs += x(i, a) * x(i, b) * probe.weights[b * 2 + c];
          rhs += x(i, a) * y(i, c);
        }
        expect(lhs).toBeCloseTo(rhs, 9);
      }
    }
    const p = ridgeProbePosterior(probe, data.subarray(0, cols));
    expect(p[0] + p[1]).toBeCloseTo(1, 12);
  });
});
