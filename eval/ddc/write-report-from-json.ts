// Rewrites docs/results/deep-clustering.md from every eval/ddc/results-*.json (e.g. after an evaluation was stopped
// early: every finished run is in its JSON; methods with no finished run show "—").
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeAllReports } from './write-report.js';

await writeAllReports(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..'));
