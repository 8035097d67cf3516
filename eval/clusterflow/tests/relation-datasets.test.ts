import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  MIN_WORLD_PHOTOS_PER_CLASS,
  photoSets,
  relationDatasets,
  type PhotoSet,
} from '../lib/relation-datasets.js';

/** A photo set as photoSets() would list it (only names and counts matter for planning). */
function set(name: string, counts: Record<string, number>, flat = false): PhotoSet {
  const images = Object.entries(counts).flatMap(([c, n]) =>
    Array.from({ length: n }, (_, i) => ({
      id: `${c}/${i}.jpg`,
      file: `/x/${name}/${c}/${i}.jpg`,
      labels: [c],
    })),
  );
  return { name, images, classCounts: counts, flat };
}

describe('relationDatasets (the evaluation picks up any dataset/class/image tree)', () => {
  it('plans the shared sets as the harness ran them: curated subsets, worlds, CNN-only, calibration', () => {
    const sets = [
      set('flowers', { daisy: 150, dandelion: 150, rose: 150, sunflower: 150, tulip: 148 }),
      set('imagenet-val', { a: 1, b: 2 }, true),
      set('imagenet4', { daisy: 3, tabby: 2, tiger_shark: 3, wine_bottle: 6 }),
      set('pets', { cat: 300, dog: 300 }),
    ];
    const { datasets, skipped } = relationDatasets(sets);
    const byName = Object.fromEntries(datasets.map((d) => [d.name, d]));
    expect(datasets.map((d) => d.name)).toEqual([
      'flowers4',
      'cat-dog-daisy-tulip',
      'flowers',
      'imagenet4',
      'pets',
    ]);
    expect(byName.flowers4).toMatchObject({ mode: 'world', sources: ['flowers'], exhaustive: false });
    expect(byName.flowers4.classCounts).toEqual({ daisy: 150, dandelion: 150, rose: 150, tulip: 148 });
    expect(byName['cat-dog-daisy-tulip']).toMatchObject({ sources: ['pets', 'flowers'], mode: 'world' });
    expect(byName['cat-dog-daisy-tulip'].classCounts).toEqual({ cat: 300, dog: 300, daisy: 150, tulip: 148 });
    // 14 photos, 2–6 per class: too few for a held-out world, small enough for every triplet.
    expect(byName.imagenet4).toMatchObject({ mode: 'cnn-only', exhaustive: true });
    expect(skipped).toEqual([{ name: 'imagenet-val', reason: expect.stringContaining('calibrate') }]);
  });

  it('evaluates a new folder with no code change, and says why a set or subset is left out', () => {
    const { datasets, skipped } = relationDatasets([
      set('sketches', { a: MIN_WORLD_PHOTOS_PER_CLASS, b: 40, c: 20, d: 30 }),
      set('breeds', { x: 14, y: 30, z: 9 }),
      set('single', { only: 50 }),
      set('pairs', { p: 1, q: 1, r: 1 }),
    ]);
    expect(datasets.map((d) => [d.name, d.mode, d.exhaustive])).toEqual([
      ['sketches', 'world', false],
      ['breeds', 'cnn-only', false],
    ]);
    expect(skipped.map((s) => s.name)).toEqual(['flowers4', 'cat-dog-daisy-tulip', 'single', 'pairs']);
    expect(skipped[0].reason).toBe('classes daisy, dandelion, rose, tulip not found');
    expect(skipped[2].reason).toMatch(/1 class; relations need at least 2/);
    expect(skipped[3].reason).toMatch(/no class has 2 photos/);
  });

  it('lists a real folder tree and a labels.csv folder from disk', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'cf-sets-'));
    for (const [cls, n] of [
      ['cat', 2],
      ['dog', 3],
    ] as const) {
      mkdirSync(path.join(root, 'pets', cls), { recursive: true });
      for (let i = 0; i < n; i++) writeFileSync(path.join(root, 'pets', cls, `${i}.jpg`), '');
      writeFileSync(path.join(root, 'pets', cls, 'notes.txt'), 'not an image');
    }
    mkdirSync(path.join(root, 'val'));
    writeFileSync(path.join(root, 'val', 'labels.csv'), 'file,name\na.JPEG,tabby\nb.JPEG,daisy\n');
    mkdirSync(path.join(root, 'empty'));
    const sets = photoSets(root);
    expect(sets.map((s) => [s.name, s.images.length, s.flat])).toEqual([
      ['pets', 5, false],
      ['val', 2, true],
    ]);
    expect(sets[0].classCounts).toEqual({ cat: 2, dog: 3 });
    expect(photoSets(path.join(root, 'missing'))).toEqual([]);
  });
});
