/** σ floor = this fraction of the box's mean positive σ (see `sigmaFloorOf`). */
export const SIGMA_FLOOR_FRACTION = 0.01;
/** Absolute last-resort σ floor (a box whose members are all identical and zero). */
export const SIGMA_FLOOR_ABSOLUTE = 1e-9;

/**
 * The σ floor of a box: 1 % of the mean σ over its constrained dimensions with σ > 0; for a box without any
 * spread (one member, or identical members) 1 % of the mean |mean_d| over constrained dimensions; at least
 * 1e-9. So a zero-spread dimension (or a lower box's inactive one) is judged 100× stricter than a typical
 * dimension of the same box, but never divides by zero.
 */
export function sigmaFloorOf(sigma: Float64Array, active: Uint8Array, mean: Float64Array): number {
  let s = 0;
  let c = 0;
  for (let d = 0; d < sigma.length; d++) {
    if (active[d] && sigma[d] > 0) {
      s += sigma[d];
      c++;
    }
  }
  if (c > 0) return Math.max(SIGMA_FLOOR_ABSOLUTE, (SIGMA_FLOOR_FRACTION * s) / c);
  let m = 0;
  for (let d = 0; d < mean.length; d++) {
    if (active[d] && mean[d] !== 0) {
      m += Math.abs(mean[d]);
      c++;
    }
  }
  return c > 0 ? Math.max(SIGMA_FLOOR_ABSOLUTE, (SIGMA_FLOOR_FRACTION * m) / c) : SIGMA_FLOOR_ABSOLUTE;
}
