import type { FeatureCeilingResult } from '../../experiments/feature-ceiling.js';
import { PAPER_TABLE5, TASKS, target } from '../../experiments/relations.js';
import { f1 } from './format.js';

/** The supervised ceiling table (peers/feature_ceiling.py). */
export function ceilingSection(c: FeatureCeilingResult): string[] {
  const paper = PAPER_TABLE5.flowers4;
  const L: string[] = [
    '',
    `### How far these features can go: a supervised ceiling on ${c.dataset} (${c.classes.join(', ')})`,
    '',
    `A scikit-learn logistic regression (\`eval/clusterflow/peers/feature_ceiling.py\`, run with \`${c.python}\`; features square-rooted, L2-normalised, standardised; C = 0.1) is cross-validated 5-fold on the photos' own labels, so every photo gets a held-out class posterior; ${c.triplets} seeded triplets per task (seed ${c.seed}) are then read from those posteriors — "argmax" by the three predicted classes, "bayes" by the most probable of the five hypotheses. This is a reference, not a ClusterFlow strategy: it is trained on the very classes it is asked about.`,
    '',
    '| features | dims | photo acc. % | Set % argmax / bayes | SSD % argmax / bayes | Antiset % argmax / bayes |',
    '|---|---|---|---|---|---|',
  ];
  for (const row of c.rows) {
    const cell = (t: (typeof TASKS)[number]): string => {
      const v = row.tasks[t];
      if (!v) return 'n/a';
      const goal = target(paper[t]);
      return `${f1(v.argmax)} / ${f1(v.bayes)} ${Math.max(v.argmax, v.bayes) >= goal ? '✓' : '✗'}`;
    };
    L.push(
      `| ${row.name} | ${row.dimensions} | ${f1(row.photoAccuracy)} | ${cell('SET')} | ${cell('SAME_SAME_DIFFERENT')} | ${cell('ANTISET')} |`,
    );
  }
  return L;
}
