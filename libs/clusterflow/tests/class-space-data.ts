import { createRng } from '../src/rng.js';
import type { PointMatrix } from '../src/point-matrix.js';

/**
 * Seeded synthetic "class space": each label owns a few dimensions where its points are large; every point
 * also carries small non-negative noise on a few random dimensions; a share of points gets a second label
 * (its values on that label's dimensions too). `overlap` > 0 makes neighbouring labels share that many
 * dimensions and widens the values, so clusters of different labels overlap (mixed clusters). Sparse and non-negative like a softmax/ReLU tap.
 */
export function classSpace(
  n: number,
  dims: number,
  labelCount: number,
  seed: number,
  multiLabelShare = 0.1,
  overlap = 0,
): { points: PointMatrix; labels: string[][] } {
  const rng = createRng(seed);
  const own = 3;
  const data = new Float64Array(n * dims);
  const labels: string[][] = [];
  for (let i = 0; i < n; i++) {
    const a = rng.nextInt(labelCount);
    const list = [`L${a}`];
    const put = (l: number): void => {
      for (let j = 0; j < own; j++)
        data[i * dims + ((l * (own - overlap) + j) % dims)] = (overlap > 0 ? 0.2 : 2) + 2 * rng.next();
    };
    put(a);
    if (rng.next() < multiLabelShare) {
      const b = (a + 1 + rng.nextInt(labelCount - 1)) % labelCount;
      list.push(`L${b}`);
      put(b);
    }
    for (let t = 0; t < 2; t++) data[i * dims + rng.nextInt(dims)] += 0.1 * rng.next();
    labels.push(list);
  }
  return { points: { data, rows: n, cols: dims }, labels };
}
