import { ExtractorError } from '../errors/extractor-error.js';
import type { ClassLabel } from './model-registry.js';

/** A class given as an output index ("173") or a label name ("tabby", case-insensitive). */
export function resolveClass(spec: string, labels: ClassLabel[]): ClassLabel {
  const byIndex = /^\d+$/.test(spec) ? labels.find((l) => l.index === Number(spec)) : undefined;
  const found = byIndex ?? labels.find((l) => l.name.toLowerCase() === spec.trim().toLowerCase());
  if (found === undefined) {
    throw new ExtractorError(
      'INVALID_ARGUMENT',
      `Unknown class "${spec}": give an output index 0–${labels.length - 1} or an exact label name (e.g. "${labels[0]?.name}").`,
    );
  }
  return found;
}
