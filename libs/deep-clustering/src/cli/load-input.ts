import type { Dataset } from '../data/dataset.js';
import { loadActivationDataset } from '../data/load-activation-dataset.js';
import { loadFashionMnist } from '../data/load-fashion-mnist.js';
import { loadMnist } from '../data/load-mnist.js';

/** `mnist`, `fashion-mnist`, or the path of an activation table; `limit` keeps the first rows (MNIST only). */
export async function loadInput(data: string, limit?: number): Promise<Dataset> {
  if (data === 'mnist') return loadMnist({ limit });
  if (data === 'fashion-mnist') {
    return loadFashionMnist(limit === undefined ? {} : { perClass: Math.max(1, Math.ceil(limit / 10)) });
  }
  return loadActivationDataset(data);
}
