import type { ClusterBox } from '../boxes/cluster-box.js';
import { BoxSet } from '../boxes/box-set.js';
import type { RowStore } from '../boxes/row-store.js';

/** A merged cluster: its union box and the points inside it. */
export interface Cluster {
  readonly box: ClusterBox;
  readonly members: Int32Array;
}

/**
 * Merges overlapping boxes into their union until no two intersect (a grown union is checked again against
 * every other box). Deterministic: boxes are merged in input order.
 */
export function mergeOverlapping(boxes: readonly ClusterBox[]): ClusterBox[] {
  const list = boxes.slice();
  let merged = true;
  while (merged) {
    merged = false;
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        if (list[i].intersects(list[j])) {
          list[i] = list[i].union(list[j]);
          list.splice(j, 1);
          j = i; // list[i] grew: check every later box again
          merged = true;
        }
      }
    }
  }
  return list;
}

/**
 * Allocates the node's points to the merged boxes (disjoint after merging, so each point lands in at most
 * one: every training point inside a cluster's box is a member). Points in no box are returned as rejects.
 */
export function allocate(
  store: RowStore,
  members: Int32Array,
  boxes: readonly ClusterBox[],
): { clusters: Cluster[]; rejects: Int32Array } {
  const owner = new Int32Array(members.length).fill(-1);
  const sizes = new Int32Array(boxes.length);
  const set = new BoxSet(boxes, store.cols);
  let rejected = 0;
  for (let r = 0; r < members.length; r++) {
    const i = members[r];
    set.load(store.chunks[store.chunkOf[i]], store.offsetOf[i]);
    for (let b = 0; b < boxes.length; b++) {
      if (set.contains(b)) {
        owner[r] = b;
        sizes[b]++;
        break;
      }
    }
    if (owner[r] < 0) rejected++;
  }
  const lists = Array.from(sizes, (s) => new Int32Array(s));
  const fill = new Int32Array(boxes.length);
  const rejects = new Int32Array(rejected);
  let nr = 0;
  for (let r = 0; r < members.length; r++) {
    const b = owner[r];
    if (b < 0) rejects[nr++] = members[r];
    else lists[b][fill[b]++] = members[r];
  }
  const clusters: Cluster[] = [];
  boxes.forEach((box, b) => {
    if (lists[b].length > 0) clusters.push({ box, members: lists[b] });
  });
  return { clusters, rejects };
}

/**
 * Allocation with merging by shared members (DESIGN.md step 3 read literally): every point goes to every box
 * containing it; boxes that share a point are merged into their union, and points are allocated again (a
 * union box may take in more points) until no point lies in two boxes. Boxes may still intersect where no
 * training point lies; guessing then takes the first child (lowest id) containing the query.
 */
export function allocateMergingShared(
  store: RowStore,
  members: Int32Array,
  seeded: readonly ClusterBox[],
): { clusters: Cluster[]; rejects: Int32Array } {
  let boxes = seeded.slice();
  for (;;) {
    const parent = Int32Array.from(boxes, (_, i) => i);
    const find = (a: number): number => {
      while (parent[a] !== a) a = parent[a] = parent[parent[a]];
      return a;
    };
    let merges = 0;
    const set = new BoxSet(boxes, store.cols);
    for (let r = 0; r < members.length; r++) {
      const i = members[r];
      set.load(store.chunks[store.chunkOf[i]], store.offsetOf[i]);
      let first = -1;
      for (let b = 0; b < boxes.length; b++) {
        if (!set.contains(b)) continue;
        if (first < 0) first = b;
        else {
          const x = find(first);
          const y = find(b);
          if (x !== y) {
            // Keep the smaller index as the root so merged boxes keep input order.
            if (x < y) parent[y] = x;
            else parent[x] = y;
            merges++;
          }
        }
      }
    }
    if (merges === 0) return allocate(store, members, boxes);
    const merged = new Map<number, ClusterBox>();
    for (let b = 0; b < boxes.length; b++) {
      const root = find(b);
      const cur = merged.get(root);
      merged.set(root, cur ? cur.union(boxes[b]) : boxes[b]);
    }
    boxes = [...merged.keys()].sort((a, b) => a - b).map((k) => merged.get(k) as ClusterBox);
  }
}
