/** One test image's outcome against a familiarised world. */
export interface MembershipOutcome {
  inWorld: boolean;
}

/**
 * Surprise (paper §3.4): the share of test images that fall outside the world familiarised with another
 * category, in [0, 1]. An empty test set has no defined surprise, which is an error rather than 0.
 */
export function surprise(outcomes: readonly MembershipOutcome[]): number {
  if (outcomes.length === 0) throw new RangeError('surprise() needs at least one test image; got none.');
  let outside = 0;
  for (const o of outcomes) if (!o.inWorld) outside++;
  return outside / outcomes.length;
}

export interface AsymmetryResult {
  /** surprise(B | world of A), in [0, 1]. */
  surpriseBGivenA: number;
  /** surprise(A | world of B), in [0, 1]. */
  surpriseAGivenB: number;
  /** surpriseBGivenA − surpriseAGivenB, in percentage points (−100 … 100). */
  asymmetryPoints: number;
}

/** Both surprises and their difference, e.g. A = cats, B = dogs: positive ⇒ dogs surprise a cat world more. */
export function asymmetry(
  bInWorldOfA: readonly MembershipOutcome[],
  aInWorldOfB: readonly MembershipOutcome[],
): AsymmetryResult {
  const surpriseBGivenA = surprise(bInWorldOfA);
  const surpriseAGivenB = surprise(aInWorldOfB);
  return { surpriseBGivenA, surpriseAGivenB, asymmetryPoints: (surpriseBGivenA - surpriseAGivenB) * 100 };
}
