import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { listDataset, type DatasetImage } from './dataset-files.js';

/** One folder under the data root: a labelled photo set. */
export interface PhotoSet {
  readonly name: string;
  readonly images: DatasetImage[];
  /** Photos per class (first label). */
  readonly classCounts: Record<string, number>;
  /** A flat folder labelled by labels.csv (ImageNet validation style) rather than class folders. */
  readonly flat: boolean;
}

/** How a relational dataset is evaluated. */
export interface RelationDataset {
  readonly name: string;
  /** Photo sets its photos come from (folder names under the data root). */
  readonly sources: string[];
  /** Only photos of these classes (all classes when absent). */
  readonly classes?: string[];
  /** Photos per class used. */
  readonly classCounts: Record<string, number>;
  /**
   * 'world': built on 80 % per class, evaluated on the held-out 20 % with world and CNN strategies;
   * 'cnn-only': too few photos per class for a world — every photo is a test photo, CNN strategies only.
   */
  readonly mode: 'world' | 'cnn-only';
  /** Every triplet instead of a seeded sample (tiny sets; the run decides again on the photos it tests). */
  readonly exhaustive: boolean;
}

/** A photo set or curated subset the harness could not use for relations, and why. */
export interface SkippedDataset {
  readonly name: string;
  readonly reason: string;
}

/** A world needs at least 3 held-out photos of every class (SET triplets) after the 80/20 split. */
export const MIN_WORLD_PHOTOS_PER_CLASS = 15;
/** Up to this many test photos, every triplet is evaluated instead of a seeded sample. */
export const MAX_EXHAUSTIVE_PHOTOS = 30;

/** Curated subsets (the paper's Flowers_4; a mixed set across pets and flowers), used when their classes exist. */
export const CURATED_SUBSETS: ReadonlyArray<{ name: string; sources: string[]; classes: string[] }> = [
  { name: 'flowers4', sources: ['flowers'], classes: ['daisy', 'dandelion', 'rose', 'tulip'] },
  { name: 'cat-dog-daisy-tulip', sources: ['pets', 'flowers'], classes: ['cat', 'dog', 'daisy', 'tulip'] },
];

/** Every photo set under `root` (sorted by name); folders without images are left out. */
export function photoSets(root: string): PhotoSet[] {
  if (!existsSync(root)) return [];
  const out: PhotoSet[] = [];
  for (const name of readdirSync(root).sort()) {
    const dir = path.join(root, name);
    if (!statSync(dir).isDirectory()) continue;
    const images = listDataset(dir);
    if (images.length === 0) continue;
    const classCounts: Record<string, number> = {};
    for (const img of images) classCounts[img.labels[0]] = (classCounts[img.labels[0]] ?? 0) + 1;
    out.push({ name, images, classCounts, flat: existsSync(path.join(dir, 'labels.csv')) });
  }
  return out;
}

function plan(
  name: string,
  sources: string[],
  counts: Record<string, number>,
  classes?: string[],
): RelationDataset | SkippedDataset {
  const sizes = Object.values(counts);
  const photos = sizes.reduce((a, b) => a + b, 0);
  if (sizes.length < 2) return { name, reason: `${sizes.length} class; relations need at least 2` };
  if (!sizes.some((n) => n >= 2)) return { name, reason: 'no class has 2 photos, so no SSD triplet exists' };
  const world = sizes.every((n) => n >= MIN_WORLD_PHOTOS_PER_CLASS);
  return {
    name,
    sources,
    ...(classes ? { classes } : {}),
    classCounts: counts,
    mode: world ? 'world' : 'cnn-only',
    exhaustive: !world && photos <= MAX_EXHAUSTIVE_PHOTOS,
  };
}

/**
 * The relational datasets of a data root: every class-folder photo set as it is, plus the curated subsets whose
 * classes are all present. Flat labels.csv sets (hundreds of classes, one or two photos each) only calibrate.
 * A new folder `dataset/class/image.jpg` is picked up with no code change.
 */
export function relationDatasets(sets: readonly PhotoSet[]): {
  datasets: RelationDataset[];
  skipped: SkippedDataset[];
} {
  const datasets: RelationDataset[] = [];
  const skipped: SkippedDataset[] = [];
  const add = (r: RelationDataset | SkippedDataset): void => {
    if ('reason' in r) skipped.push(r);
    else datasets.push(r);
  };
  for (const curated of CURATED_SUBSETS) {
    const parts = curated.sources.map((s) => sets.find((x) => x.name === s && !x.flat));
    const counts: Record<string, number> = {};
    for (const p of parts)
      for (const c of curated.classes) if (p?.classCounts[c]) counts[c] = p.classCounts[c];
    const missing = curated.classes.filter((c) => !(c in counts));
    if (missing.length > 0) {
      skipped.push({ name: curated.name, reason: `classes ${missing.join(', ')} not found` });
      continue;
    }
    add(plan(curated.name, curated.sources, counts, curated.classes));
  }
  for (const set of sets) {
    if (set.flat) {
      skipped.push({ name: set.name, reason: 'flat labels.csv set: used to calibrate CNN-only geometry' });
      continue;
    }
    add(plan(set.name, [set.name], set.classCounts));
  }
  return { datasets, skipped };
}
