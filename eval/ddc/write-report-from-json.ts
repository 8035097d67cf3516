// Rewrites docs/results/deep-clustering.md from eval/ddc/results.json (e.g. after an evaluation was stopped early:
// every finished run is in the JSON; methods with no finished run show "—").
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeReport, type EvalResults } from './write-report.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const results = JSON.parse(await readFile(path.join(root, 'eval/ddc/results.json'), 'utf8')) as EvalResults;
await mkdir(path.join(root, 'docs/results'), { recursive: true });
await writeFile(path.join(root, 'docs/results/deep-clustering.md'), writeReport(results));
