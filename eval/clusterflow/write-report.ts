/** Rewrites docs/RESULTS.md from the JSON of the last `npm run eval` (no recomputation). */
import path from 'node:path';
import { REPO_ROOT } from '../repo-root.js';
import { writeReportFromSaved } from './lib/saved-results.js';

const root = REPO_ROOT;
writeReportFromSaved(path.join(root, 'docs/results'), path.join(root, 'docs/RESULTS.md'));
