/** Rewrites docs/RESULTS.md from the JSON of the last `npm run eval` (no recomputation). */
import path from 'node:path';
import { writeReportFromSaved } from './lib/saved-results.js';

const root = path.resolve(import.meta.dirname, '../../..');
writeReportFromSaved(path.join(root, 'docs/results'), path.join(root, 'docs/RESULTS.md'));
