import { createRng, type Rng } from '@clusterflow/clusterflow';
import { InvalidReasoningInputError } from '../errors/reasoning-error.js';
import type { Relation } from '../relations/relation-types.js';

/** One evaluation item: three image indices and the true relation (and odd position for SSD). */
export interface Triplet {
  /** Indices of the three items (into `classOf`), in presentation order. */
  readonly indices: readonly [number, number, number];
  /** The true relation of the three items. */
  readonly relation: Relation;
  /** Position (0..2) of the odd image for SAME_SAME_DIFFERENT, else null. */
  readonly oddIndex: number | null;
}

/**
 * Samples `count` triplets for one task from items with one class each (`classOf[i]` = class index of item i),
 * with the task definitions of the harness: SET = three images of one class; SAME_SAME_DIFFERENT = two of one
 * class + one of another, odd position uniform; ANTISET = three different classes. Triplets are drawn with
 * replacement across triplets (never within one), seeded: same seed ⇒ same triplets.
 */
export function sampleTriplets(
  classOf: ArrayLike<number>,
  task: Relation,
  count: number,
  seed = 0,
): Triplet[] {
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < classOf.length; i++) {
    const c = classOf[i];
    byClass.set(c, [...(byClass.get(c) ?? []), i]);
  }
  const classes = [...byClass.keys()].sort((a, b) => a - b);
  const withThree = classes.filter((c) => (byClass.get(c) as number[]).length >= 3);
  const withTwo = classes.filter((c) => (byClass.get(c) as number[]).length >= 2);
  if (task === 'SET' && withThree.length === 0)
    throw new InvalidReasoningInputError('sampleTriplets: SET needs a class with at least 3 items');
  if (task === 'SAME_SAME_DIFFERENT' && (withTwo.length === 0 || classes.length < 2))
    throw new InvalidReasoningInputError(
      'sampleTriplets: SAME_SAME_DIFFERENT needs 2 classes, one with at least 2 items',
    );
  if (task === 'ANTISET' && classes.length < 3)
    throw new InvalidReasoningInputError('sampleTriplets: ANTISET needs at least 3 classes');
  const rng = createRng(seed);
  const out: Triplet[] = [];
  for (let t = 0; t < count; t++) {
    if (task === 'SET') {
      const members = byClass.get(pick(rng, withThree)) as number[];
      const [a, b, c] = distinct(rng, members, 3);
      out.push({ indices: [a, b, c], relation: task, oddIndex: null });
    } else if (task === 'SAME_SAME_DIFFERENT') {
      const same = pick(rng, withTwo);
      const other = pick(
        rng,
        classes.filter((c) => c !== same),
      );
      const [a, b] = distinct(rng, byClass.get(same) as number[], 2);
      const odd = pick(rng, byClass.get(other) as number[]);
      const pos = rng.nextInt(3);
      const idx = [a, b];
      idx.splice(pos, 0, odd);
      out.push({ indices: [idx[0], idx[1], idx[2]], relation: task, oddIndex: pos });
    } else {
      const [ca, cb, cc] = distinct(rng, classes, 3);
      out.push({
        indices: [
          pick(rng, byClass.get(ca) as number[]),
          pick(rng, byClass.get(cb) as number[]),
          pick(rng, byClass.get(cc) as number[]),
        ],
        relation: task,
        oddIndex: null,
      });
    }
  }
  return out;
}

/** Every triplet of a (small) item set for one task, in lexicographic order — exhaustive evaluation. */
export function allTriplets(classOf: ArrayLike<number>, task: Relation): Triplet[] {
  const n = classOf.length;
  const out: Triplet[] = [];
  for (let a = 0; a < n; a++)
    for (let b = a + 1; b < n; b++)
      for (let c = b + 1; c < n; c++) {
        const [x, y, z] = [classOf[a], classOf[b], classOf[c]];
        const distinctCount = new Set([x, y, z]).size;
        const relation: Relation =
          distinctCount === 1 ? 'SET' : distinctCount === 3 ? 'ANTISET' : 'SAME_SAME_DIFFERENT';
        if (relation !== task) continue;
        const oddIndex = relation !== 'SAME_SAME_DIFFERENT' ? null : x === y ? 2 : x === z ? 1 : 0;
        out.push({ indices: [a, b, c], relation, oddIndex });
      }
  return out;
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[rng.nextInt(items.length)];
}

/** k distinct items by a partial Fisher–Yates shuffle on a copy. */
function distinct<T>(rng: Rng, items: readonly T[], k: number): T[] {
  const copy = [...items];
  for (let i = 0; i < k; i++) {
    const j = i + rng.nextInt(copy.length - i);
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy.slice(0, k);
}
