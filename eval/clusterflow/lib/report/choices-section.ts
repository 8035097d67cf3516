import type { RelationRow } from '../../experiments/relations.js';
import { f1 } from './format.js';
import type { ReportInput } from './report-input.js';

/** The defaults the measurements led to, with the mean accuracies behind them. */
export function choicesSection(r: ReportInput): string[] {
  const L: string[] = ['', '### Choices made by measurement', ''];
  for (const ds of ['flowers4', 'pets', 'cat-dog-daisy-tulip']) {
    const top = meanByStrategy(r.relations.rows, ds).slice(0, 3);
    if (top.length)
      L.push(`- Mean accuracy over tasks, ${ds}: ${top.map((t) => `${t.key} ${f1(t.mean)} %`).join('; ')}.`);
  }
  L.push(
    "- Default relation strategy with a world: **combined** (highest mean over the tasks on flowers4, the hardest set; on pets and cat/dog/daisy/tulip labels from the world's top-1 guesses lead by a few points — pass `strategy: 'labels', labelChoice: { maxLabels: 1 }` there). Without a world, for ImageNet classes: combined over the CNN softmax (meets all three ImageNet_4 targets).",
    '- World trees for photos: k-means seeding with clusters of ≈ 2 photos, no inner margin, nearby guesses from 9 clusters (detK/default options give a single mixed root on these taps: 20 % guesses on 5 flower kinds; see `eval/clusterflow/probes/probe.ts`).',
    '- Membership rule: world escape AND nearest-cluster distance (the world box alone lets gradient-ascent fooling images in; column "AUROC world box only"). Tap for real-vs-fooling: darknet `leaky_re_lu_14` (GAP, 512-d).',
    '',
  );
  return L;
}

/** Mean over the tasks a dataset has, per (model, tap, strategy). */
function meanByStrategy(rows: RelationRow[], dataset: string): Array<{ key: string; mean: number }> {
  const groups = new Map<string, number[]>();
  for (const x of rows.filter((y) => y.dataset === dataset)) {
    const key = `${x.strategy} @ ${x.model} / ${x.tap}`;
    groups.set(key, [...(groups.get(key) ?? []), x.accuracy]);
  }
  return [...groups]
    .map(([key, a]) => ({ key, mean: a.reduce((s, v) => s + v, 0) / a.length }))
    .sort((a, b) => b.mean - a.mean);
}
