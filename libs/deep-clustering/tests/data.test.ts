import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeActivationTable } from '@clusterflow/extractors';
import { describe, expect, it } from 'vitest';
import { isDeepClusteringError, loadActivationDataset, loadFashionMnist, loadMnist } from '../src/index.js';

const counts = (labels: Int32Array): number[] => {
  const c = new Array<number>(10).fill(0);
  for (const l of labels) c[l]++;
  return c;
};

describe('data loaders', () => {
  it('MNIST: the original 60,000 + 10,000 digits with their published class counts', async () => {
    const all = await loadMnist();
    expect(all.rows).toBe(70_000);
    expect(all.cols).toBe(784);
    expect(all.data.length).toBe(70_000 * 784);
    expect(all.imageShape).toEqual([28, 28, 1]);
    const train = await loadMnist({ subset: 'train' });
    const test = await loadMnist({ subset: 'test' });
    // LeCun's page: training-set digit counts and test-set digit counts.
    expect(counts(train.labels)).toEqual([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
    expect(counts(test.labels)).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
    let min = Infinity;
    let max = -Infinity;
    for (const v of all.data) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    expect([min, max]).toEqual([0, 1]);
    // The first training digit is a 5, the first test digit a 7.
    expect([train.labels[0], test.labels[0]]).toEqual([5, 7]);
    expect(all.data.subarray(60_000 * 784, 60_001 * 784)).toEqual(test.data.subarray(0, 784));
    expect((await loadMnist({ subset: 'test', limit: 5 })).rows).toBe(5);
    await expect(loadMnist({ limit: 0 })).rejects.toThrow(/limit must be a positive integer/);
  }, 120_000);

  it('Fashion-MNIST: 7,000 images per class, the two empty rows of the package dropped', async () => {
    const f = await loadFashionMnist();
    expect(f.rows).toBe(70_000);
    expect(f.dropped).toBe(2);
    expect(counts(f.labels)).toEqual(new Array<number>(10).fill(7000));
    expect(f.classNames[9]).toBe('Ankle boot');
    const few = await loadFashionMnist({ perClass: 3 });
    expect(few.rows).toBe(30);
    expect(Array.from(few.labels.subarray(0, 4))).toEqual([0, 0, 0, 1]);
  }, 180_000); // parsing the package's 150 MB of JSON twice

  it('reads an activation table, classes from the first label', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ddc-data-'));
    const file = path.join(dir, 't.arrow');
    await writeActivationTable(file, {
      ids: ['a', 'b', 'c'],
      files: ['a.jpg', 'b.jpg', 'c.jpg'],
      labelSets: [['dog'], ['cat', 'pet'], []],
      data: Float32Array.from([1, 2, 3, 4, 5, 6]),
      rows: 3,
      cols: 2,
      model: 'm',
      tap: 'logits',
    });
    const d = await loadActivationDataset(file);
    expect(d.classNames).toEqual(['cat', 'dog']);
    expect(Array.from(d.labels)).toEqual([1, 0, -1]);
    expect(Array.from(d.data)).toEqual([1, 2, 3, 4, 5, 6]);
    await rm(dir, { recursive: true, force: true });
  });

  it('names a missing data folder', async () => {
    const error = await loadMnist({ dir: '/nonexistent' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(isDeepClusteringError(error)).toBe(false);
    expect((error as Error).message).toMatch(/nonexistent/);
  });
});
