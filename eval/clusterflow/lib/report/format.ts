import os from 'node:os';
import type { ReportInput } from './report-input.js';

/** Numbers in the report: one, two or three decimals. */
export const f1 = (x: number): string => x.toFixed(1);
export const f2 = (x: number): string => x.toFixed(2);
export const f3 = (x: number): string => x.toFixed(3);

/** A share as a whole percentage ("80 %"). */
export const pct = (share: number): string => `${Math.round(100 * share)} %`;

/** The paper's short names of the three tasks. */
export const TASK_NAME = { SET: 'Set', SAME_SAME_DIFFERENT: 'SSD', ANTISET: 'Antiset' } as const;

/** "2 × <cpu model>, Node <version>" for the report header. */
export function thisMachine(): string {
  return `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`;
}

/** Photos in a photo set of this run (0 when the run did not record it). */
export function photosOf(r: ReportInput, set: string): number {
  return r.relations.photoSets?.find((x) => x.name === set)?.photos ?? 0;
}

/** Photos under the data root (all sets), for the header's extraction estimate. */
export function photoCount(r: ReportInput): number {
  return (r.relations.photoSets ?? []).reduce((a, x) => a + x.photos, 0);
}

/** "daisy 150, rose 150" from per-class photo counts. */
export const classList = (counts: Record<string, number>): string =>
  Object.entries(counts)
    .map(([c, n]) => `${c} ${n}`)
    .join(', ');
