/** The three relations of the paper's set game (§1.4, §4.3). */
export type Relation = 'SET' | 'SAME_SAME_DIFFERENT' | 'ANTISET';

/** Which strategy produced an answer. */
export type RelationStrategy = 'labels' | 'geometric' | 'combined';

/** A relation over N ≥ 3 images and how it was reached. */
export interface RelationAnswer {
  /** The relation found among the images. */
  readonly relation: Relation;
  /** Groups of image indices judged "the same" (singletons included), largest first. */
  readonly groups: readonly (readonly number[])[];
  /** For SAME_SAME_DIFFERENT with exactly one image apart: its index; otherwise null. */
  readonly oddIndex: number | null;
  /** In [0, 1]; how strongly the evidence supports this relation over the others (strategy-specific, documented). */
  readonly confidence: number;
  /** The strategy that produced this answer. */
  readonly strategy: RelationStrategy;
  /** Human-readable account of how the answer was reached (shared labels, distances, tree shape); numbers images from 1. */
  readonly explanation: string;
  /** Machine-readable evidence: labels per image, pairwise distances, threshold, tree reading. */
  readonly evidence: RelationEvidence;
}

/** Machine-readable evidence behind a `RelationAnswer`; which fields are present depends on the strategy. */
export interface RelationEvidence {
  /** Labels used per image (labels strategy), in rank order. */
  readonly labels?: readonly (readonly string[])[];
  /** Labels shared by each group (labels strategy). */
  readonly sharedLabels?: readonly (readonly string[])[];
  /** Upper-triangle pairwise distances, row-major over pairs (0,1),(0,2),…,(1,2),… (geometric strategy). */
  readonly distances?: readonly number[];
  /** The calibrated "same" threshold the distances were compared against. */
  readonly threshold?: number;
  /** How the tree read: 'tree' (root/child/rejects rule matched) or 'label-overlap' (fallback). */
  readonly reading?: 'tree' | 'label-overlap';
  /**
   * Which reader of the combined strategy decided: 'posterior' (class posteriors × balanced prior, the default) or
   * 'calibrated' (a classifier fitted on the world's own triplets, `calibrateRelationReader`).
   */
  readonly reader?: 'posterior' | 'calibrated';
  /** Posterior of each relation (combined strategy). */
  readonly posterior?: Readonly<Record<Relation, number>>;
}
