import { describe, expect, it } from 'vitest';
import {
  applyWorldSpace,
  buildWorld,
  extendWorld,
  InvalidReasoningInputError,
  loadWorld,
  saveWorld,
  worldSpaceFromJson,
  worldSpaceToJson,
  type WorldSpace,
} from '../src/index.js';

// 2 → 2 (ReLU) → 1: hand-checkable. Standardise: (x − [1, 1]) · [1, 0.5].
const space: WorldSpace = {
  inputDim: 2,
  dim: 1,
  mean: Float32Array.from([1, 1]),
  scale: Float32Array.from([1, 0.5]),
  layers: [
    { kernel: Float32Array.from([1, -1, 2, 1]), bias: Float32Array.from([0, 0.5]), inputs: 2, outputs: 2 },
    { kernel: Float32Array.from([1, 2]), bias: Float32Array.from([-1]), inputs: 2, outputs: 1 },
  ],
  normalize: false,
  provenance: { loss: 'hand' },
};

describe('world space', () => {
  it('applies standardisation, dense layers with ReLU between them, and L2 normalisation', () => {
    // x = [3, 5] → z = [2, 2] → h = [2 + 4, −2 + 2 + 0.5] = [6, 0.5] → y = 6 + 1 − 1 = 6
    // x = [1, 3] → z = [0, 1] → h = [2, 1.5] → y = 2 + 3 − 1 = 4
    // x = [5, 1] → z = [4, 0] → h = [4, −4 + 0.5 → 0] → y = 4 − 1 = 3
    const out = applyWorldSpace(space, { data: Float32Array.from([3, 5, 1, 3, 5, 1]), rows: 3, cols: 2 });
    expect(Array.from(out.data)).toEqual([6, 4, 3]);
    const unit = applyWorldSpace(
      { ...space, normalize: true },
      { data: Float32Array.from([3, 5]), rows: 1, cols: 2 },
    );
    expect(unit.data[0]).toBeCloseTo(1, 6);
  });

  it('round-trips through JSON bit for bit; bad shapes are typed errors', () => {
    const back = worldSpaceFromJson(JSON.parse(JSON.stringify(worldSpaceToJson(space))));
    expect(Array.from(back.layers[1].kernel)).toEqual([1, 2]);
    expect(back.provenance).toEqual({ loss: 'hand' });
    expect(() => applyWorldSpace(space, { data: new Float32Array(3), rows: 1, cols: 3 })).toThrow(
      InvalidReasoningInputError,
    );
    const broken = { ...space, dim: 2 };
    const rows = { data: Float32Array.from([0, 0, 1, 1, 2, 2, 3, 3]), rows: 4, cols: 2 };
    expect(() => buildWorld({ ...rows, labelSets: [['a'], ['a'], ['b'], ['b']] }, { space: broken })).toThrow(
      /the last layer gives 1 values, dim is 2/,
    );
  });

  it('a world in a space keeps its activations, extends in the same space and survives save/load', () => {
    const data = Float32Array.from([1, 1, 1.5, 1.2, 1.2, 1.8, 4, 4, 4.5, 4.2, 4.1, 4.6]);
    const examples = { data, rows: 6, cols: 2, labelSets: [['a'], ['a'], ['a'], ['b'], ['b'], ['b']] };
    const world = buildWorld(examples, { space, calibration: { folds: 2 } });
    expect(world.examples.cols).toBe(1);
    expect(world.activations?.cols).toBe(2);
    const more = extendWorld(world, {
      data: Float32Array.from([1.1, 1.3]),
      rows: 1,
      cols: 2,
      labelSets: [['a']],
    });
    expect(more.space).toBe(space);
    expect(more.examples.rows).toBe(7);
    expect(more.examples.data[6]).toBeCloseTo(
      applyWorldSpace(space, { data: Float32Array.from([1.1, 1.3]), rows: 1, cols: 2 }).data[0],
      6,
    );
    const back = loadWorld(saveWorld(more));
    expect(Array.from(back.examples.data)).toEqual(Array.from(more.examples.data));
    expect(Array.from(back.activations?.data ?? [])).toEqual(Array.from(more.activations?.data ?? []));
    expect(back.space?.inputDim).toBe(2);
  });
});
