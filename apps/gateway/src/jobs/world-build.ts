import { buildWorld, InvalidReasoningInputError, saveWorld } from '@clusterflow/reasoning';
import type { TreeSummary } from '../worlds/world.type.js';

/** What a world build needs: the embedded examples (row-major activations, one label each) and the world's name. */
export interface WorldBuildInput {
  data: Float32Array;
  rows: number;
  cols: number;
  labels: readonly string[];
  exampleIds: readonly number[];
  name: string;
  model: string;
  tap: string;
}

/** A world's fitted tree, serialised for the `worlds.tree_json` column, and its shape. */
export interface BuiltTree {
  treeJson: string;
  summary: TreeSummary;
}

/** What the worker thread is given: the input, and where the tree goes (`databasePath` unset: sent back instead). */
export interface WorldBuildJob {
  input: WorldBuildInput;
  worldId: string;
  databasePath?: string;
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
export function buildWorldTree(input: WorldBuildInput): BuiltTree {
  const world = buildWorld(
    {
      data: input.data,
      rows: input.rows,
      cols: input.cols,
      labelSets: input.labels.map((l) => [l]),
      ids: input.exampleIds.map(String),
    },
    { name: input.name, model: input.model, tap: input.tap },
  );
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
