import { PAPER_TABLE5, TASKS, target, type RelationRow } from '../../experiments/relations.js';
import { f1, TASK_NAME } from './format.js';
import type { ReportInput } from './report-input.js';

/** Paper Table 5: the paper's numbers and targets, then one accuracy table per dataset of this run. */
export function relationsSection(r: ReportInput): string[] {
  const L: string[] = ['## Relational reasoning (paper Table 5)', ''];
  L.push(
    'Task definitions: SET = three photos of one class; SSD = two of one class + one of another (correct only if the relation AND the odd index are right); ANTISET = three different classes. "odd" = forced odd-one-out accuracy on the SSD triplets (the index alone, as in the first trial of the method).',
    '',
  );
  const datasets = [...new Set(r.relations.rows.map((x) => x.dataset))];
  for (const [ds, paper] of Object.entries(PAPER_TABLE5).filter(([d]) => datasets.includes(d))) {
    L.push(
      `Paper (AlexNet + CF) ${ds}: ${TASKS.map((t) => `${TASK_NAME[t]} ${paper[t]} %`).join(', ')}; targets: ${TASKS.map((t) => `${TASK_NAME[t]} ≥ ${f1(target(paper[t]))} %`).join(', ')}.`,
      '',
    );
  }
  for (const ds of datasets)
    L.push(
      ...datasetTable(
        ds,
        r.relations.rows.filter((x) => x.dataset === ds),
      ),
    );
  return L;
}

/** One dataset's table: a row per (model, tap, strategy), a cell per task, ✓ / ✗ against the paper's target. */
function datasetTable(ds: string, rows: RelationRow[]): string[] {
  const paper = PAPER_TABLE5[ds];
  const L: string[] = [`### ${ds}`, ''];
  L.push(
    '| model / tap | strategy | Set % | SSD % (odd %) | Antiset % | n per task |',
    '|---|---|---|---|---|---|',
  );
  const keyOf = (x: RelationRow): string => `${x.model}|${x.tap}|${x.strategy}`;
  const keys = [...new Set(rows.map(keyOf))];
  for (const k of keys) {
    const [model, tap, strategy] = k.split('|');
    const cell = (t: string): string => {
      const row = rows.find((x) => keyOf(x) === k && x.task === t);
      if (!row) return 'n/a';
      const mark = paper ? (row.accuracy >= target(paper[row.task]) ? ' ✓' : ' ✗') : '';
      return `${f1(row.accuracy)}${row.oddOneOut !== undefined ? ` (${f1(row.oddOneOut)})` : ''}${mark}`;
    };
    // Exhaustive sets have a different number of triplets per task: show each when they differ.
    const counts = [...new Set(rows.filter((x) => keyOf(x) === k).map((x) => x.triplets))];
    const n =
      counts.length === 1
        ? `${counts[0]}`
        : TASKS.map((t) => rows.find((x) => keyOf(x) === k && x.task === t)?.triplets ?? '–').join(' / ');
    L.push(
      `| ${model} / ${tap} | ${strategy} | ${cell('SET')} | ${cell('SAME_SAME_DIFFERENT')} | ${cell('ANTISET')} | ${n} |`,
    );
  }
  if (paper)
    L.push('', `✓ / ✗ = meets / misses the target (double the paper, or half its error above 50 %).`);
  L.push('');
  return L;
}
