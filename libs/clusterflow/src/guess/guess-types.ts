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

/** One guessed label and its score. */
export interface LabelScore {
  /** The training label. */
  readonly label: string;
  /** Score in [0, 1]: the label's share of the cluster's members (weighted over the voting clusters when nearby). */
  readonly score: number;
}

/** Escape evidence for the world box and for the deepest cluster on the path (the world itself if none). */
export interface MembershipEvidence {
  /** Escape evidence of the point against the world box. */
  readonly world: EscapeEvidence;
  /** Escape evidence against the deepest cluster on the path (the world's when outside or at the world). */
  readonly deepest: EscapeEvidence;
}

/** Membership only (no label scoring). */
export interface Membership {
  /** True when the world box's escapeDistance is ≤ `worldEscapeThreshold`. */
  readonly inWorld: boolean;
  /** Node ids from the world (0) to the deepest cluster containing the point; [] when outside. */
  readonly path: number[];
  /** Escape evidence for the world and the deepest cluster. */
  readonly evidence: MembershipEvidence;
}

/** A label guess with its evidence. */
export interface Guess extends Membership {
  /** Top-k labels by score (descending; ties by first appearance in training); [] outside the world. */
  readonly labels: LabelScore[];
  /** Where the scores came from: the deepest cluster ('pure' / 'mixed'), nearby clusters, or 'outside'. */
  readonly source: GuessSource;
  /** Score of the top label; null outside the world. */
  readonly confidence: number | null;
}
