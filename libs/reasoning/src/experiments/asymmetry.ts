import { buildTree, type ClusterNode } from '@clusterflow/clusterflow';
import { concatExamples, type LabelledExamples } from '../examples/labelled-examples.js';
import { surprise, type SurpriseBoundary } from './surprise.js';
import { buildWorld, DEFAULT_WORLD_TREE, type WorldOptions } from '../world/world.js';

/** Train and test items of the two categories (A is familiarised first in the novel condition's first term). */
export interface AsymmetryData {
  /** Name of category A (also the name of its world). */
  readonly nameA: string;
  /** Name of category B (also the name of its world). */
  readonly nameB: string;
  /** Training items of A: A's world is built on them. */
  readonly trainA: LabelledExamples;
  /** Test items of A. */
  readonly testA: LabelledExamples;
  /** Training items of B: B's world is built on them. */
  readonly trainB: LabelledExamples;
  /** Test items of B. */
  readonly testB: LabelledExamples;
}

/** A pair of surprises and their difference in percentage points (B's surprise − A's). */
export interface AsymmetryPair {
  /** Surprise of B items (share outside), in %. */
  readonly surpriseB: number;
  /** Surprise of A items, in %. */
  readonly surpriseA: number;
  /** surpriseB − surpriseA, percentage points (positive = towards B, like the paper's "towards dogs"). */
  readonly asymmetry: number;
}

/** Outcome of `asymmetryExperiment`; surprises and pure shares in %. */
export interface AsymmetryResult {
  /** Name of category A. */
  readonly nameA: string;
  /** Name of category B. */
  readonly nameB: string;
  /** The boundary that decided "outside" for every surprise. */
  readonly boundary: SurpriseBoundary;
  /** Novel stimuli: test B in the A world vs test A in the B world (paper Table 6 "novel"). */
  readonly novel: AsymmetryPair;
  /** Familiar stimuli: test B in the B world vs test A in the A world (Table 6 "familiar"). */
  readonly familiar: AsymmetryPair;
  /** Control §3.4.2: the unfamiliar category's TRAIN items instead of its test items (same size as training). */
  readonly trainControl: AsymmetryPair;
  /**
   * Control §3.4.2: one world over both categories at once; share of each category's training items that end
   * in pure clusters (%), and B − A.
   */
  readonly together: {
    /** Share of A's training items in pure leaf clusters, in %. */
    readonly pureA: number;
    /** Share of B's training items in pure leaf clusters, in %. */
    readonly pureB: number;
    /** pureB − pureA, percentage points. */
    readonly asymmetry: number;
  };
  /** Number of items in each set. */
  readonly counts: {
    /** Training items of A. */
    readonly trainA: number;
    /** Test items of A. */
    readonly testA: number;
    /** Training items of B. */
    readonly trainB: number;
    /** Test items of B. */
    readonly testB: number;
  };
}

/**
 * The cat/dog asymmetry experiment (paper §1.5, §3.4.1–3.4.2) for any two categories: familiarise a world with
 * A, measure the surprise of B (and vice versa), the familiar condition, the train-set control and the
 * both-at-once control.
 */
export function asymmetryExperiment(
  data: AsymmetryData,
  options: {
    /** Options of both worlds (their `tree` part also builds the both-at-once tree). */
    readonly world?: WorldOptions;
    /** Which boundary counts as outside. Default 'box'. */
    readonly boundary?: SurpriseBoundary;
  } = {},
): AsymmetryResult {
  const boundary = options.boundary ?? 'box';
  const worldA = buildWorld(data.trainA, { ...options.world, name: data.nameA });
  const worldB = buildWorld(data.trainB, { ...options.world, name: data.nameB });
  const pct = (x: number): number => 100 * x;
  const pair = (b: number, a: number): AsymmetryPair => ({
    surpriseB: pct(b),
    surpriseA: pct(a),
    asymmetry: pct(b - a),
  });
  const novel = pair(
    surprise(worldA, data.testB, boundary).surprise,
    surprise(worldB, data.testA, boundary).surprise,
  );
  const familiar = pair(
    surprise(worldB, data.testB, boundary).surprise,
    surprise(worldA, data.testA, boundary).surprise,
  );
  const trainControl = pair(
    surprise(worldA, data.trainB, boundary).surprise,
    surprise(worldB, data.trainA, boundary).surprise,
  );
  const both = concatExamples([data.trainA, data.trainB]);
  const tree = buildTree(both, both.labelSets, { ...DEFAULT_WORLD_TREE, ...options.world?.tree });
  const inPure = new Uint8Array(both.rows);
  for (const node of tree.nodes() as readonly ClusterNode[]) {
    if (node.kind === 'pure' && node.children.length === 0) for (const m of node.members) inPure[m] = 1;
  }
  let pureA = 0;
  let pureB = 0;
  for (let i = 0; i < data.trainA.rows; i++) pureA += inPure[i];
  for (let i = 0; i < data.trainB.rows; i++) pureB += inPure[data.trainA.rows + i];
  const pa = pct(pureA / data.trainA.rows);
  const pb = pct(pureB / data.trainB.rows);
  return {
    nameA: data.nameA,
    nameB: data.nameB,
    boundary,
    novel,
    familiar,
    trainControl,
    together: { pureA: pa, pureB: pb, asymmetry: pb - pa },
    counts: {
      trainA: data.trainA.rows,
      testA: data.testA.rows,
      trainB: data.trainB.rows,
      testB: data.testB.rows,
    },
  };
}
