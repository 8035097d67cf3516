import { f1, f2 } from './format.js';
import type { ReportInput } from './report-input.js';

/** The worlds the relational experiment built: sizes, build time, calibration and held-out guess accuracy. */
export function worldsSection(r: ReportInput): string[] {
  const L: string[] = ['### Worlds used (held-out guesses)', ''];
  L.push(
    '| dataset | model / tap | train | test | build s (incl. 5-fold calibration) | threshold | CV acceptance | held-out in world | guess acc. CV | guess acc. held-out | leaves |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const w of r.relations.worlds)
    L.push(
      `| ${w.dataset} | ${w.model} / ${w.tap} | ${w.train} | ${w.test} | ${f1(w.buildSeconds)} | ${f2(w.threshold)} | ${f1(100 * w.acceptance)} % | ${f1(100 * w.heldOutInWorld)} % | ${f1(100 * w.guessAccuracyCv)} % | ${f1(100 * w.guessAccuracyHeldOut)} % | ${w.leaves} |`,
    );
  return L;
}

/** The explanation of the first SSD triplet of each configuration (at most eight). */
export function examplesSection(r: ReportInput): string[] {
  const L: string[] = ['', 'Example explanations (first SSD triplet of each configuration):', ''];
  for (const [k, v] of Object.entries(r.relations.examples).slice(0, 8)) L.push(`- \`${k}\`: ${v}`);
  L.push('');
  return L;
}
