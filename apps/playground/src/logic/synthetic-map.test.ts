import { describe, expect, it } from 'vitest';
import { syntheticMap } from './synthetic-map.js';

describe('syntheticMap', () => {
  it('is reproducible from its seed and follows the labelling rule', () => {
    const a = syntheticMap(30, { clusters: 4, seed: 7 });
    expect(syntheticMap(30, { clusters: 4, seed: 7 })).toEqual(a);
    expect(syntheticMap(30, { clusters: 4, seed: 8 })[0].x).not.toBe(a[0].x);
    expect(a[5]).toMatchObject({ imageId: 'synthetic_5', cluster: 1, label: null });
    expect(a[6]).toMatchObject({ cluster: 2, label: 'blob-2' });
  });
  it('rejects a bad count', () => {
    expect(() => syntheticMap(-1)).toThrow(/integer in 0–100000, got -1/);
  });
});
