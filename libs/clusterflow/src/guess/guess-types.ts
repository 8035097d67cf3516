import type { BoxMetric, EscapeEvidence } from '../boxes/cluster-box.js';

/** Where a guess came from: the deepest cluster's own labels, nearby clusters, or nowhere (outside). */
export type GuessSource = 'pure' | 'mixed' | 'nearby' | 'outside';

/** Options of `tree.guess` / `tree.membership`. */
export interface GuessOptions {
  /** Labels returned. Default 5. */
  readonly topK?: number;
  /** Boundary distance for nearby guesses ('l0' | 'l1' | 'l2' | 'linf' | 'mahalanobis'). Default 'l2'. */
  readonly metric?: BoxMetric;
  /** inWorld ⇔ the world box's escapeDistance ≤ this (0 = strictly inside). Default 0. */
  readonly worldEscapeThreshold?: number;
  /** Nearest clusters that vote in a nearby guess. Default 3. */
  readonly nearbyCount?: number;
  /** ε in the nearby weights w_i = 1/(d_i + ε). Default 1e-6. */
  readonly nearbyEpsilon?: number;
}

export interface LabelScore {
  readonly label: string;
  readonly score: number;
}

/** Escape evidence for the world box and for the deepest cluster on the path (the world itself if none). */
export interface MembershipEvidence {
  readonly world: EscapeEvidence;
  readonly deepest: EscapeEvidence;
}

/** Membership only (no label scoring). */
export interface Membership {
  readonly inWorld: boolean;
  /** Node ids from the world (0) to the deepest cluster containing the point; [] when outside. */
  readonly path: number[];
  readonly evidence: MembershipEvidence;
}

/** A label guess with its evidence. */
export interface Guess extends Membership {
  /** Top-k labels by score (descending; ties by first appearance in training); [] outside the world. */
  readonly labels: LabelScore[];
  readonly source: GuessSource;
  /** Score of the top label; null outside the world. */
  readonly confidence: number | null;
}
