import { ExtractorError } from '../errors/extractor-error.js';

/** A test-time view of a photo: as decoded (`orig`) or mirrored left to right (`hflip`). */
export type FeatureView = 'orig' | 'hflip';

/** One tap of one registered model that a feature space reads (written as `parseTap` reads it). */
export interface FeatureSpaceTap {
  /** Registered model name, e.g. `mobilenet-v1-0.75-224`. */
  model: string;
  /** `penultimate`, `<layer>:gap`, … (a pooled tap: one vector per image). */
  tap: string;
  /** Values this tap contributes (its pooled width). */
  cols: number;
}

/** A named feature space: which taps of which models, under which views, joined by `combineTapViews`. */
export interface FeatureSpaceDescriptor {
  /** Registry name (letters, digits, `.`, `_`, `-`), also what a world built on it records as its model. */
  name: string;
  /** One line: what it is and why (measured in docs/RESULTS.md "Feature spaces"). */
  description: string;
  /** Taps in concatenation order. */
  taps: readonly FeatureSpaceTap[];
  /** Views averaged per tap; `['orig']` for none. */
  views: readonly FeatureView[];
  /** Values per image: the sum of the taps' cols. */
  dimension: number;
}

/** The tap name a world on a feature space records (one combined vector per image). */
export const FEATURE_SPACE_TAP = 'features';

const DARKNET = 'darknet-tiny';
const MOBILENET = 'mobilenet-v1-0.75-224';

function descriptor(
  name: string,
  description: string,
  taps: FeatureSpaceTap[],
  views: FeatureView[],
): FeatureSpaceDescriptor {
  return { name, description, taps, views, dimension: taps.reduce((a, t) => a + t.cols, 0) };
}

const registry = new Map<string, FeatureSpaceDescriptor>(
  [
    descriptor(
      'mobilenet-pooled',
      'mobilenet-v1-0.75 penultimate (GAP, 768-d), power- and L2-normalised: the best held-out kNN / probe ' +
        'accuracy per second of wasm compute on flowers, pets and dog breeds.',
      [{ model: MOBILENET, tap: 'penultimate', cols: 768 }],
      ['orig'],
    ),
    descriptor(
      'dual-pooled-flip',
      'darknet-tiny leaky_re_lu_14 (GAP, 512-d) + mobilenet-v1-0.75 penultimate (768-d), each averaged with the ' +
        'mirrored photo, power- and L2-normalised per tap: the most accurate on flowers, at ≈ 1/5 the speed.',
      [
        { model: DARKNET, tap: 'leaky_re_lu_14:gap', cols: 512 },
        { model: MOBILENET, tap: 'penultimate', cols: 768 },
      ],
      ['orig', 'hflip'],
    ),
  ].map((d) => [d.name, d]),
);

/** Adds (or replaces) a feature space under `space.name`; its `dimension` is recomputed from its taps. */
export function registerFeatureSpace(
  space: Omit<FeatureSpaceDescriptor, 'dimension'>,
): FeatureSpaceDescriptor {
  if (!/^[\w.-]+$/.test(space.name)) {
    throw new ExtractorError(
      'INVALID_ARGUMENT',
      `Feature space name "${space.name}" is not allowed: use letters, digits, ".", "_" and "-".`,
    );
  }
  if (space.taps.length === 0 || space.views.length === 0) {
    throw new ExtractorError(
      'INVALID_ARGUMENT',
      `Feature space "${space.name}" needs at least one tap and one view.`,
    );
  }
  const bad = space.views.find((v) => v !== 'orig' && v !== 'hflip');
  if (bad !== undefined) {
    throw new ExtractorError('INVALID_ARGUMENT', `Unknown view "${bad}": views are "orig" and "hflip".`);
  }
  const d = descriptor(space.name, space.description, [...space.taps], [...space.views]);
  registry.set(d.name, d);
  return d;
}

/** The feature space registered as `name`; `MODEL_NOT_FOUND` lists the registered names. */
export function getFeatureSpace(name: string): FeatureSpaceDescriptor {
  const d = registry.get(name);
  if (d === undefined) {
    throw new ExtractorError(
      'MODEL_NOT_FOUND',
      `No feature space named "${name}"; known feature spaces: ${listFeatureSpaces().join(', ')}.`,
    );
  }
  return d;
}

/** Names of the registered feature spaces, sorted. */
export function listFeatureSpaces(): string[] {
  return [...registry.keys()].sort();
}
