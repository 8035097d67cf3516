// @clusterflow/deep-clustering — public API. One line per export, grouped by concept.

/** Version of `@clusterflow/deep-clustering` (matches its package.json). */
export const VERSION = '0.1.0';
