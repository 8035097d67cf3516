import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { asymmetrySection } from './asymmetry-section.js';
import { ceilingSection } from './ceiling-section.js';
import { choicesSection } from './choices-section.js';
import { dataSection } from './data-section.js';
import { featureSpacesSection, withinDomainSection } from './feature-spaces-section.js';
import { foolingSection } from './fooling-section.js';
import { headerSection } from './header-section.js';
import { missingDataSection } from './missing-data-section.js';
import { relationsSection } from './relations-section.js';
import type { ReportInput } from './report-input.js';
import { reproduceSection } from './reproduce-section.js';
import { summarySection } from './summary-section.js';
import { examplesSection, worldsSection } from './worlds-section.js';

/** docs/RESULTS.md as text, section by section, from the experiment outputs (numbers only from this run). */
export function renderReport(r: ReportInput): string {
  const lines = [
    ...headerSection(r),
    ...summarySection(r),
    ...choicesSection(r),
    ...dataSection(r),
    ...relationsSection(r),
    ...worldsSection(r),
    ...(r.ceiling ? ceilingSection(r.ceiling) : []),
    ...examplesSection(r),
    ...foolingSection(r),
    ...asymmetrySection(r.asymmetry),
    ...missingDataSection(r.missing),
    ...(r.featureSpaces ? featureSpacesSection(r.featureSpaces) : []),
    ...(r.withinDomain ? withinDomainSection(r.withinDomain) : []),
    ...reproduceSection(),
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * Sections another harness owns (e.g. eval/ddc's deep-clustering section), each between
 * `<!-- name:start … -->` and `<!-- name:end -->`, in the order they appear in `text`.
 */
export function foreignSections(text: string): string[] {
  return [...text.matchAll(/<!-- ([\w-]+):start[^>]*-->[\s\S]*?<!-- \1:end -->/g)].map((m) => m[0]);
}

/**
 * Writes docs/RESULTS.md from the experiment outputs. Sections other harnesses wrote into the file being replaced
 * are kept, verbatim and in order, after this writer's own sections: rewriting one part never drops another.
 */
export function writeReport(file: string, r: ReportInput): void {
  const kept = existsSync(file) ? foreignSections(readFileSync(file, 'utf8')) : [];
  const own = renderReport(r);
  writeFileSync(file, kept.length === 0 ? own : `${own.trimEnd()}\n\n${kept.join('\n\n')}\n`);
}
