import path from 'node:path';

/** The repository's root folder: every harness path (docs/, tmp/eval-cache, the libs' data files) hangs off it. */
export const REPO_ROOT = path.resolve(import.meta.dirname, '..');
