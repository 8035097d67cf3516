/** The three box kinds of docs/ARCHITECTURE.md "Boxes". */
export type BoxKind = 'box' | 'lower' | 'partial';

/** Distance metrics for `distanceToBoundary`, all computed in the box's own subspace. */
export type BoxMetric = 'l0' | 'l1' | 'l2' | 'linf' | 'mahalanobis';

/** Why a point is (or is not) inside a box: the graded evidence behind every membership answer. */
export interface EscapeEvidence {
  /** Number of dimensions on which the point is outside (escaping dimensions). */
  readonly l0: number;
  /**
   * Σ_d overshoot_d / σ̃_d over escaping dimensions (raw |x_d| / σ̃_d on a lower box's inactive dimensions),
   * σ̃_d = max(σ_d, sigmaFloor). 0 inside. Infinity when the decision is impossible (a missing value on a
   * `box`/`lower` box, or fewer than `minSharedDims` shared dimensions on a `partial` box).
   */
  readonly escapeDistance: number;
  /** How many dimensions the decision rested on (dimensions compared, known on both sides). */
  readonly sharedDims: number;
}

/** Fitted sufficient statistics per dimension, so unions pool exactly (Chan et al. parallel variance). */
export interface BoxStats {
  /** Number of member values seen per dimension (known values only for `partial`). */
  readonly n: Float64Array;
  /** Mean of the member values per dimension (known values only for `partial`; 0 where none is known). */
  readonly mean: Float64Array;
  /** Σ (x − mean)² per dimension. */
  readonly m2: Float64Array;
}

/** Plain data describing a box completely (what serialization stores). */
export interface BoxState {
  /** Which of the three box kinds this is. */
  readonly kind: BoxKind;
  /** Number of dimensions of the space (length of every per-dimension array). */
  readonly dims: number;
  /** Number of member points the box was fitted on (pooled on union). */
  readonly count: number;
  /** Lower bound per dimension: the smallest member value, less any `expand` margin (used where `active` is 1). */
  readonly lo: Float64Array;
  /** Upper bound per dimension: the largest member value, plus any `expand` margin (used where `active` is 1). */
  readonly hi: Float64Array;
  /** 1 where the box constrains the dimension (active for `lower`, known for `partial`, all for `box`). */
  readonly active: Uint8Array;
  /** Per-dimension sufficient statistics of the members. */
  readonly stats: BoxStats;
  /** `lower` only: |x_d| up to this counts as zero on an inactive dimension (0 for the other kinds). */
  readonly zeroTolerance: number;
  /** `partial` only: dimensions known on both sides needed for a decision (1 for the other kinds). */
  readonly minSharedDims: number;
}

/** Options for fitting a box. */
export interface BoxFitOptions {
  /** `lower` only: a dimension is inactive while every member has |x_d| ≤ zeroTolerance. Default 0. */
  readonly zeroTolerance?: number;
  /** `partial` only: dimensions known on both sides needed for a decision. Default 1. */
  readonly minSharedDims?: number;
}

/** Common interface of `Box`, `LowerDimensionalBox` and `PartialDimensionalBox`. Immutable. */
export interface ClusterBox extends BoxState {
  /** Standard deviation of the members per dimension (population; 0 where unknown or constant). */
  readonly sigma: Float64Array;
  /** σ floor used when dividing by σ (see README "σ floor"). */
  readonly sigmaFloor: number;
  /** Inside ⇔ no escaping dimension (and, for `partial`, at least `minSharedDims` shared dimensions). */
  contains(point: ArrayLike<number>, offset?: number): boolean;
  /** Graded evidence of how far the point (read from `offset`, default 0) lies outside the box. */
  escape(point: ArrayLike<number>, offset?: number): EscapeEvidence;
  /** Distance from the point to the box boundary in the given metric; 0 inside. */
  distanceToBoundary(point: ArrayLike<number>, metric: BoxMetric, offset?: number): number;
  /** Smallest box of the same kind covering both, with pooled statistics. */
  union(other: ClusterBox): ClusterBox;
  /** True when some point lies inside both boxes. */
  intersects(other: ClusterBox): boolean;
  /** A copy grown by margin·σ_d on both sides of every constrained dimension. */
  expand(margin: number): ClusterBox;
}
