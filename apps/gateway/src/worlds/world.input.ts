/** Bounds on world names and labels, enforced by WorldService at the edge. */
export const NAME_MAX = 100;
export const LABEL_MAX = 100;
