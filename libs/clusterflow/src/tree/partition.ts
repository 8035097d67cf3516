import { BoxSet } from '../boxes/box-set.js';
import type { ClusterBox } from '../boxes/cluster-box.js';
import type { RowStore } from '../boxes/row-store.js';
import type { LabelTable } from './label-table.js';

/** A seeded box and the labels whose points made it (empty for a label-agnostic split). */
export interface SeededBox {
  readonly box: ClusterBox;
  readonly labels: readonly number[];
}

/** A merged cluster: its union box and the points inside it. */
export interface Cluster {
  readonly box: ClusterBox;
  readonly members: Int32Array;
}

/** When two clusters are merged (see `TreeBuildOptions.overlap`). */
export type OverlapRule = 'foreign' | 'members' | 'boxes';

function unionSeeded(a: SeededBox, b: SeededBox): SeededBox {
  const labels = [...new Set([...a.labels, ...b.labels])].sort((x, y) => x - y);
  return { box: a.box.union(b.box), labels };
}

/** Merges boxes that intersect anywhere, until none do (input order kept). */
export function mergeIntersecting(boxes: readonly SeededBox[]): SeededBox[] {
  const list = boxes.slice();
  let merged = true;
  while (merged) {
    merged = false;
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        if (list[i].box.intersects(list[j].box)) {
          list[i] = unionSeeded(list[i], list[j]);
          list.splice(j, 1);
          j = i; // list[i] grew: check every later box again
          merged = true;
        }
      }
    }
  }
  return list;
}

/** True when point i carries one of the labels (a point is native to a box seeded from its label). */
function native(table: LabelTable, i: number, labels: readonly number[]): boolean {
  for (let t = table.start[i]; t < table.start[i + 1]; t++) if (labels.includes(table.ids[t])) return true;
  return false;
}

/**
 * docs/ARCHITECTURE.md "Building the tree", step 3: every point of the node is allocated to every box containing it; overlapping clusters are
 * merged into their union box and points allocated again (a union box may take in more points) until nothing
 * merges. Overlap by rule:
 * - 'foreign': a point lies in two boxes and is foreign to one of them (carries none of its seeding labels).
 *   A point native to every box containing it (a multi-label point in the boxes of its own labels) joins all
 *   of them, so clusters may share such points; this keeps label clusters apart in multi-label data.
 * - 'members': any point lies in two boxes (clusters then never share a point).
 * - 'boxes': the boxes intersect anywhere (siblings are then geometrically disjoint).
 * Points in no box are returned as rejects.
 */
export function partitionBoxes(
  store: RowStore,
  table: LabelTable,
  members: Int32Array,
  seeded: readonly SeededBox[],
  rule: OverlapRule,
): { clusters: Cluster[]; rejects: Int32Array } {
  let boxes = rule === 'boxes' ? mergeIntersecting(seeded) : seeded.slice();
  const hits: number[] = [];
  for (;;) {
    const set = new BoxSet(
      boxes.map((b) => b.box),
      store.cols,
    );
    const parent = Int32Array.from(boxes, (_, i) => i);
    const find = (a: number): number => {
      while (parent[a] !== a) a = parent[a] = parent[parent[a]];
      return a;
    };
    let merges = 0;
    const lists: number[][] = boxes.map(() => []);
    const rejects: number[] = [];
    for (let r = 0; r < members.length; r++) {
      const i = members[r];
      set.load(store.chunks[store.chunkOf[i]], store.offsetOf[i]);
      hits.length = 0;
      for (let b = 0; b < boxes.length; b++) if (set.contains(b)) hits.push(b);
      if (hits.length === 0) {
        rejects.push(i);
        continue;
      }
      for (const b of hits) lists[b].push(i);
      if (hits.length < 2 || rule === 'boxes') continue;
      if (rule === 'foreign' && hits.every((b) => native(table, i, boxes[b].labels))) continue;
      for (let h = 1; h < hits.length; h++) {
        const x = find(hits[0]);
        const y = find(hits[h]);
        if (x === y) continue;
        // The smaller index stays the root so merged boxes keep input order.
        if (x < y) parent[y] = x;
        else parent[x] = y;
        merges++;
      }
    }
    if (merges === 0) {
      const clusters: Cluster[] = [];
      boxes.forEach((b, k) => {
        if (lists[k].length > 0) clusters.push({ box: b.box, members: Int32Array.from(lists[k]) });
      });
      return { clusters, rejects: Int32Array.from(rejects) };
    }
    const merged = new Map<number, SeededBox>();
    for (let b = 0; b < boxes.length; b++) {
      const root = find(b);
      const cur = merged.get(root);
      merged.set(root, cur ? unionSeeded(cur, boxes[b]) : boxes[b]);
    }
    boxes = [...merged.keys()].sort((a, b) => a - b).map((k) => merged.get(k) as SeededBox);
  }
}
