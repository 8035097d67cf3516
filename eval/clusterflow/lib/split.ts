import { createRng } from '@clusterflow/clusterflow';

/**
 * Stratified held-out split: per class (first label), a seeded shuffle puts ⌊n·trainShare⌋ items in `train`, the
 * rest in `test`. The world is built on `train`; evaluation only ever uses `test`.
 */
export function stratifiedSplit(
  labelSets: readonly (readonly string[])[],
  trainShare: number,
  seed: number,
): { train: number[]; test: number[] } {
  const rng = createRng(seed);
  const byClass = new Map<string, number[]>();
  labelSets.forEach((l, i) => byClass.set(l[0], [...(byClass.get(l[0]) ?? []), i]));
  const train: number[] = [];
  const test: number[] = [];
  for (const key of [...byClass.keys()].sort()) {
    const idx = byClass.get(key) as number[];
    for (let i = idx.length - 1; i > 0; i--) {
      const j = rng.nextInt(i + 1);
      [idx[i], idx[j]] = [idx[j], idx[i]];
    }
    const cut = Math.floor(idx.length * trainShare);
    train.push(...idx.slice(0, cut));
    test.push(...idx.slice(cut));
  }
  return { train: train.sort((a, b) => a - b), test: test.sort((a, b) => a - b) };
}

/** Indices of items whose first label is in `classes`. */
export function withClasses(labelSets: readonly (readonly string[])[], classes: readonly string[]): number[] {
  const out: number[] = [];
  labelSets.forEach((l, i) => {
    if (classes.includes(l[0])) out.push(i);
  });
  return out;
}
