import { concatExamples, selectExamples, type LabelledExamples } from '@clusterflow/reasoning';
import { cachedActivations, type CachedActivations } from './activation-cache.js';
import { DATA_ROOT, MODEL_TAPS, TEST_ROOT } from './experiment-config.js';
import { photoSets, type PhotoSet } from './relation-datasets.js';
import { stratifiedSplit, withClasses } from './split.js';

/** How the test photos of a dataset were obtained. */
export type HeldOutProtocol = 'split' | 'external' | 'all';

/** Train and test examples of some photo sets for one model tap. */
export interface HeldOutData {
  readonly train: LabelledExamples;
  readonly test: LabelledExamples;
  /**
   * 'split': stratified split of the data root's photos per class (seeded); 'external': all data-root photos
   * train, the test root's photos of the same sets (and trained classes) test; 'all': every photo is a test
   * photo (trainShare 0, no world).
   */
  readonly protocol: HeldOutProtocol;
}

const listed = new Map<string, PhotoSet[]>();
/** Photo sets of a root, listed once per run. */
export function setsOf(root: string): PhotoSet[] {
  let sets = listed.get(root);
  if (!sets) {
    sets = photoSets(root);
    listed.set(root, sets);
  }
  return sets;
}

/** Whether the test root holds every one of `sources` (the external protocol applies). */
function hasExternalTest(sources: readonly string[]): boolean {
  if (!TEST_ROOT) return false;
  const sets = setsOf(TEST_ROOT);
  return sources.every((s) => sets.some((x) => x.name === s && !x.flat));
}

const opened = new Map<string, Promise<CachedActivations>>();
/**
 * One photo set's activations under one model, opened once per run: every experiment asks for several taps of the
 * same set, and an opened cache keeps the taps it has read.
 */
function activationsOf(root: string, set: PhotoSet, model: string): Promise<CachedActivations> {
  const key = `${root}\n${set.name}\n${model}`;
  let acts = opened.get(key);
  if (!acts) {
    acts = cachedActivations(set.name, set.images, model, MODEL_TAPS[model], undefined, root);
    opened.set(key, acts);
  }
  return acts;
}

async function load(
  root: string,
  sources: readonly string[],
  model: string,
  tap: string,
  classes?: readonly string[],
): Promise<LabelledExamples> {
  const sets = setsOf(root);
  const parts = await Promise.all(
    sources.map((name) => {
      const set = sets.find((x) => x.name === name);
      if (!set) throw new Error(`photo set ${name} not found under ${root}`);
      return activationsOf(root, set, model);
    }),
  );
  const all = concatExamples(parts.map((p) => p.tap(tap)));
  return classes ? selectExamples(all, withClasses(all.labelSets, classes)) : all;
}

/**
 * Train and test rows of the photo sets `sources` (concatenated in order, restricted to `classes`) for one tap.
 * With EVAL_TEST_ROOT holding every source, the data root's photos all train and the test root's photos (of the
 * classes trained on) test; otherwise each class is split `trainShare` / rest with `splitSeed` — the same rows for
 * every tap, since the split depends on the labels only. `trainShare` 0: every photo tests, nothing trains.
 */
export async function heldOutData(options: {
  sources: readonly string[];
  classes?: readonly string[];
  model: string;
  tap: string;
  trainShare: number;
  splitSeed: number;
}): Promise<HeldOutData> {
  const { sources, classes, model, tap, trainShare, splitSeed } = options;
  const data = await load(DATA_ROOT, sources, model, tap, classes);
  if (TEST_ROOT && hasExternalTest(sources)) {
    const trained = [...new Set(data.labelSets.map((l) => l[0]))];
    const test = await load(TEST_ROOT, sources, model, tap, classes ?? trained);
    return { train: trainShare > 0 ? data : selectExamples(data, []), test, protocol: 'external' };
  }
  if (trainShare <= 0) return { train: selectExamples(data, []), test: data, protocol: 'all' };
  const split = stratifiedSplit(data.labelSets, trainShare, splitSeed);
  return {
    train: selectExamples(data, split.train),
    test: selectExamples(data, split.test),
    protocol: 'split',
  };
}
