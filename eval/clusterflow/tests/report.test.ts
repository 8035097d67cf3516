import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../repo-root.js';
import type { MissingDataResult } from '../experiments/missing-data.js';
import type { RelationRow } from '../experiments/relations.js';
import { missingDataSection } from '../lib/report/missing-data-section.js';
import { relationsSection } from '../lib/report/relations-section.js';
import { foreignSections } from '../lib/report/render-report.js';
import type { ReportInput } from '../lib/report/report-input.js';
import { writeReportFromSaved } from '../lib/saved-results.js';

const row = (task: RelationRow['task'], accuracy: number, oddOneOut?: number): RelationRow => ({
  dataset: 'imagenet4',
  model: 'darknet-tiny',
  tap: 'classSpace',
  strategy: 'labels',
  task,
  triplets: 10,
  correct: accuracy / 10,
  accuracy,
  ...(oddOneOut === undefined ? {} : { oddOneOut }),
});

describe('report writers (one per RESULTS.md section)', () => {
  it('marks each Table 5 cell against the target: double the paper (imagenet4: 40 / 50 / 66 %)', () => {
    // Only the relations part of the input is read by this writer.
    const input = {
      relations: { rows: [row('SET', 45), row('SAME_SAME_DIFFERENT', 40, 60)] },
    } as ReportInput;
    const lines = relationsSection(input);
    expect(lines).toContain(
      'Paper (AlexNet + CF) imagenet4: Set 20 %, SSD 25 %, Antiset 33 %; targets: Set ≥ 40.0 %, SSD ≥ 50.0 %, Antiset ≥ 66.0 %.',
    );
    expect(lines).toContain('| darknet-tiny / classSpace | labels | 45.0 ✓ | 40.0 (60.0) ✗ | n/a | 10 |');
  });

  it('says why missing data was not run, or writes its two-row table', () => {
    expect(missingDataSection(null)).toContain('Not run: the solvent table was not found (`EVAL_SOLVENTS`).');
    const m: MissingDataResult = {
      file: '/somewhere/shared/data/tables/solvents.csv',
      rows: 57,
      propertyColumns: 21,
      missingCells: 90,
      completeRows: 33,
      labelColumn: 'Functional Group',
      clusterflow: {
        rowsClustered: 57,
        inWorld: 57,
        leaves: 20,
        maxDepth: 3,
        pureLeaves: 18,
        nmi: 0.5,
        purity: 0.75,
      },
      kmeans: { rowsClustered: 33, k: 4, nmi: 0.25, purity: 0.5 },
    };
    const lines = missingDataSection(m);
    expect(lines[2]).toBe(
      '`tables/solvents.csv`: 57 solvents × 21 property columns (z-scored on known values), 90 missing cells, 33 complete rows; labels = Functional Group.',
    );
    expect(lines).toContain('| k-means (detK, K = 4) on complete rows only | 33 | 4 | 0.250 | 0.500 |');
  });

  it('assembles the sections in reading order and reproduces the committed RESULTS.md from the committed JSON', () => {
    const committed = path.join(REPO_ROOT, 'docs/RESULTS.md');
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'report-')), 'RESULTS.md');
    // Over the committed file, as `npm run eval:report` does: other harnesses' sections must survive.
    copyFileSync(committed, out);
    writeReportFromSaved(path.join(REPO_ROOT, 'docs/results'), out);
    const text = readFileSync(out, 'utf8');
    const headings = text.split('\n').filter((l) => l.startsWith('## '));
    expect(headings).toEqual([
      '## Summary against the goals',
      '## Data',
      '## Relational reasoning (paper Table 5)',
      '## Fooling resilience (paper Table 4)',
      '## Cat/dog asymmetry (paper Table 6 row format, §3.4)',
      '## Missing data (paper §4.1)',
      '## Feature spaces (issue 17): taps of both models, flip TTA',
      '## Within-domain relations (issue 17): feature space × reader',
      '## Reproduce',
      ...foreignSections(readFileSync(committed, 'utf8')).map((s) => s.split('\n')[1]),
    ]);
    expect(text).toBe(readFileSync(committed, 'utf8'));
  });

  it('keeps the sections other harnesses wrote, in order, when it rewrites the file', () => {
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'report-')), 'RESULTS.md');
    const a = '<!-- deep-clustering:start (written by x) -->\n## Deep\n\nrow\n<!-- deep-clustering:end -->';
    const b = '<!-- label-by-map:start -->\n## Map\n<!-- label-by-map:end -->';
    writeFileSync(out, `# old\n\n${a}\n\nstale text\n\n${b}\n`);
    writeReportFromSaved(path.join(REPO_ROOT, 'docs/results'), out);
    const text = readFileSync(out, 'utf8');
    expect(text.startsWith('# ClusterFlow — evaluation results')).toBe(true);
    expect(text.endsWith(`\n\n${a}\n\n${b}\n`)).toBe(true);
    expect(text).not.toContain('stale text');
    expect(foreignSections(text)).toEqual([a, b]);
  });
});
