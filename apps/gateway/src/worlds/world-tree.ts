import { InvalidReasoningInputError, loadWorld, type World as ReasoningWorld } from '@clusterflow/reasoning';
import { BadUserInputError } from '../errors/gateway-errors.js';
import type { ClusterNode } from './cluster-node.type.js';
import type { World } from './world.type.js';

/**
 * A world's ClusterFlow tree as queries read it: the `saveWorld` JSON that `buildWorldTree` stored (on a worker
 * thread), parsed once and cached by (world id, last change).
 */
export class WorldTrees {
  private readonly cache = new Map<string, ReasoningWorld>();

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

  /** Drops the world's parsed tree (a write on this or another replica: `WorldEvents`). */
  forget(worldId: string): void {
    for (const k of this.cache.keys()) if (k.startsWith(`${worldId}|`)) this.cache.delete(k);
  }

  /** How many parsed trees are held (for tests of invalidation). */
  get size(): number {
    return this.cache.size;
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
