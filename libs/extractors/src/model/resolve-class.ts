import { ExtractorError } from '../errors/extractor-error.js';
import type { ClassLabel } from './model-registry.js';

/**
 * A class given as an output index ("173") or a label name ("tabby", "wine_bottle": case-insensitive, `_` reads as a
 * space, surrounding blanks ignored). Throws `INVALID_ARGUMENT` naming the allowed forms when nothing matches.
 */
export function resolveClass<L extends Pick<ClassLabel, 'index' | 'name'>>(
  spec: string,
  labels: readonly L[],
): L {
  const wanted = spec.trim().toLowerCase().replace(/_/g, ' ');
  const byIndex = /^\d+$/.test(wanted) ? labels.find((l) => l.index === Number(wanted)) : undefined;
  const found = byIndex ?? labels.find((l) => l.name.toLowerCase() === wanted);
  if (found === undefined) {
    throw new ExtractorError(
      'INVALID_ARGUMENT',
      `Unknown class "${spec}": give an output index 0–${labels.length - 1} or an exact label name (e.g. "${labels[0]?.name}").`,
    );
  }
  return found;
}
