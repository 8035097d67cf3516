import { ExtractorError } from '../errors/extractor-error.js';
import type { TapSpec } from '../model/model-registry.js';

/**
 * Parses a tap written as text (a CLI flag, a GraphQL argument): `classSpace`, `softmax`, `penultimate`, `<layer>`,
 * `<layer>:gap` or `<layer>:flatten`.
 */
export function parseTap(text: string): TapSpec {
  if (text === 'classSpace' || text === 'softmax' || text === 'penultimate') return text;
  const match = /^([^:\s]+)(?::(gap|flatten))?$/.exec(text);
  if (match === null) {
    throw new ExtractorError(
      'INVALID_ARGUMENT',
      `Cannot read tap "${text}": use classSpace, softmax, penultimate, <layer>, <layer>:gap or <layer>:flatten.`,
    );
  }
  const pooling = match[2] as 'gap' | 'flatten' | undefined;
  return pooling === undefined ? { layer: match[1] } : { layer: match[1], pooling };
}
