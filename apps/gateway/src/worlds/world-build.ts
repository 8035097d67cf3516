import { buildWorld, InvalidReasoningInputError, saveWorld } from '@clusterflow/reasoning';
import type { DatabaseLocation } from '../db/database.js';
import type { WorldTable } from './world.repository.js';
import type { TreeSummary } from './world.type.js';

/** What a world build needs: the world's embedded examples (its activation table) and its name. */
export interface WorldBuildInput {
  table: WorldTable;
  name: string;
}

/** A world's fitted tree, serialised for the `worlds.tree_json` column, and its shape. */
export interface BuiltTree {
  treeJson: string;
  summary: TreeSummary;
}

/** What the worker thread is given: the input, and where the tree goes (`database` unset: sent back instead). */
export interface WorldBuildJob {
  input: WorldBuildInput;
  worldId: string;
  database?: DatabaseLocation;
}

/** How a failed build comes back from the worker: input errors stay input errors (BAD_USER_INPUT). */
export interface WorldBuildFailure {
  invalidInput: boolean;
  message: string;
  stack?: string;
}

/**
 * Builds and calibrates the world's tree and serialises it: the CPU-heavy part of a world build, run by
 * `world-build.worker.ts` on a worker thread (seconds for a few hundred photos; the event loop must stay free).
 */
export function buildWorldTree({ table, name }: WorldBuildInput): BuiltTree {
  const world = buildWorld(table, { name, model: table.model, tap: table.tap });
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

/** The failure as plain data (errors do not keep their class across threads). */
export function describeFailure(error: unknown): WorldBuildFailure {
  return {
    invalidInput: error instanceof InvalidReasoningInputError,
    message: error instanceof Error ? error.message : String(error),
    stack: error instanceof Error ? error.stack : undefined,
  };
}
