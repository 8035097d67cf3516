import {
  buildWorld,
  InvalidReasoningInputError,
  loadWorld,
  saveWorld,
  type World as ReasoningWorld,
} from '@clusterflow/reasoning';
import { BadUserInputError } from '../errors/gateway-errors.js';
import type { ClusterNode } from './cluster-node.type.js';
import type { WorldTable } from './world.repository.js';
import type { TreeSummary, World } from './world.type.js';

/** A world's fitted tree, serialised for the `worlds.tree_json` column, and its shape. */
export interface BuiltTree {
  treeJson: string;
  summary: TreeSummary;
}

/**
 * A world's ClusterFlow tree: built by @clusterflow/reasoning from the world's activation table, stored as its
 * `saveWorld` JSON, parsed once and cached by (world id, last change) for every query that reads it.
 */
export class WorldTrees {
  private readonly cache = new Map<string, ReasoningWorld>();

  /** Builds and calibrates the tree over the world's embedded examples (one label per example). */
  build(table: WorldTable, name: string): BuiltTree {
    const world = libraryCall(() => buildWorld(table, { name, model: table.model, tap: table.tap }));
    const s = world.tree.summary();
    const c = world.calibration;
    return {
      treeJson: saveWorld(world),
      summary: {
        nodeCount: s.nodes,
        leafCount: s.leaves,
        pureLeafCount: s.leafReasons.pure,
        mixedLeafCount: s.leafReasons.maxDepth + s.leafReasons.noProgress,
        rejectCount: s.rejects,
        depth: s.maxDepth,
        dimensions: s.dims,
        boxKind: s.boxKind,
        threshold: c.threshold,
        acceptance: c.acceptance,
        alpha: c.alpha,
        guessAccuracy: c.guessAccuracy,
      },
    };
  }

  /** The fitted world behind `treeJson` (parsed on first use after each change of the world). */
  fitted(world: World, treeJson: string): ReasoningWorld {
    const key = `${world.id}|${world.updatedAt}`;
    let fitted = this.cache.get(key);
    if (fitted === undefined) {
      fitted = loadWorld(treeJson);
      for (const k of this.cache.keys()) if (k.startsWith(`${world.id}|`)) this.cache.delete(k);
      this.cache.set(key, fitted);
    }
    return fitted;
  }

  /** Every cluster of the world's tree, parents before children, members as example ids. */
  clusters(world: World, treeJson: string): ClusterNode[] {
    const fitted = this.fitted(world, treeJson);
    const ids = fitted.examples.ids ?? [];
    return fitted.tree.nodes().map((node) => ({
      id: node.id,
      parentId: node.parent < 0 ? null : node.parent,
      depth: node.depth,
      size: node.members.length,
      pure: node.sharedLabels.length > 0,
      kind: node.kind,
      labels: [...node.labelCounts.entries()]
        .map(([label, count]) => ({ label, count }))
        .sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0)),
      exampleIds: Array.from(node.members, (m) => Number(ids[m] ?? m)),
    }));
  }
}

/** Runs a library call, turning its input errors into BAD_USER_INPUT with the library's own explanation. */
export function libraryCall<T>(call: () => T): T {
  try {
    return call();
  } catch (error) {
    if (error instanceof InvalidReasoningInputError) throw new BadUserInputError(error.message);
    throw error;
  }
}
