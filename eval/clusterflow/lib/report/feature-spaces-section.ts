import type { FeatureSpaceStudy, WithinDomainResult } from '../../feature-spaces/study-result.js';
import { f1 } from './format.js';

const pc = (v: number | undefined | null): string => (v === undefined || v === null ? 'n/a' : f1(100 * v));

/** "Feature spaces": the held-out kNN / probe / img/s table of eval/clusterflow/feature-spaces.ts. */
export function featureSpacesSection(s: FeatureSpaceStudy): string[] {
  const sets = [...new Set(s.rows.map((r) => r.set))];
  const L: string[] = [
    '## Feature spaces (issue 17): taps of both models, flip TTA',
    '',
    `\`eval/clusterflow/feature-spaces.ts\` (${s.date.slice(0, 10)}): per set, a stratified ${Math.round(100 * s.trainShare)} / ${Math.round(100 * (1 - s.trainShare))} split (seed ${s.splitSeed}); neighbours and the linear probe (scikit-learn logistic regression, C chosen by 3-fold CV inside the first half) come from the first half, accuracy is measured once on the second. Every space: GAP-pooled taps, per tap the views averaged, √, L2-normalised, taps weighed equally (\`combineTapViews\`); "+ flip" averages the mirrored photo in feature space. img/s: decode + forward passes the space needs, ${s.backend}, this shared machine (the models run one after the other).`,
    '',
    `| space | dims | ${sets.map((x) => `${x} 1-NN / 5-NN / probe %`).join(' | ')} | img/s |`,
    `|---|---|${sets.map(() => '---|').join('')}---|`,
  ];
  for (const c of s.candidates) {
    const cells = sets.map((set) => {
      const r = s.rows.find((x) => x.set === set && x.space === c.name);
      return r ? `${pc(r.nn1)} / ${pc(r.knn5)} / ${pc(r.probe)}` : 'n/a';
    });
    const any = s.rows.find((x) => x.space === c.name);
    L.push(
      `| ${c.name} | ${any?.dims ?? '?'} | ${cells.join(' | ')} | ${any ? f1(any.imagesPerSecond) : '?'} |`,
    );
  }
  const test = sets.map((set) => `${set} ${s.rows.find((r) => r.set === set)?.test ?? 0}`).join(', ');
  L.push(
    '',
    `Test photos: ${test}. Read: mobilenet's penultimate alone is faster than darknet-tiny's tap and more accurate on all three sets; adding darknet-tiny's tap and the flip gains up to ≈ 5 (1-NN) and ≈ 6 (probe) points on flowers at 5× the compute, and loses on dog breeds (36 test photos only); more taps of one model add little. Registered as \`mobilenet-pooled\` (best per second) and \`dual-pooled-flip\` (darknet l14 + mobilenet penultimate + flip, the most accurate on flowers) in \`@clusterflow/extractors\` (\`createFeatureSpaceExtractor\`).`,
    '',
  );
  return L;
}

/** "Within-domain relations": Table-5-style accuracy and confusion, space × reader (within-domain.ts). */
export function withinDomainSection(w: WithinDomainResult): string[] {
  const L: string[] = [
    '## Within-domain relations (issue 17): feature space × reader',
    '',
    `\`eval/clusterflow/within-domain.ts\` (${w.date.slice(0, 10)}): each world is built from one half of the photos (stratified 50/50, split seed ${w.splitSeed}); ${w.triplets} triplets per task (seed ${w.seed}) come only from the other half. Readers: "posterior" is today's combined strategy (world posteriors × balanced prior); "calibrated" is \`relation(…, { world, reader: 'calibrated' })\`: a softmax regression over pair same-label probabilities, cosine similarities and independent-hypothesis probabilities, fitted on triplets of the world's own examples (half of them; checked on the other half), the class distributions from neighbour votes or from a linear probe cross-fitted on the world. SSD counts as right only with the right odd image. Confusion: rows true SET / SSD / ANTISET, each "answered SET/SSD/ANTISET".`,
    '',
    '| world | space | head | reader | Set % | SSD % | Antiset % | confusion | world build s (head s) | reader fit s |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  const T = ['SET', 'SAME_SAME_DIFFERENT', 'ANTISET'] as const;
  for (const r of w.rows) {
    const conf = T.map((t) => T.map((u) => r.confusion[t]?.[u] ?? 0).join('/')).join(' · ');
    L.push(
      `| ${r.dataset} (${r.labels} kinds, ${r.worldPhotos} / ${r.testPhotos} photos) | ${r.space} | ${r.head ?? 'none'} | ${r.reader} | ${pc(r.accuracy.SET)} | ${pc(r.accuracy.SAME_SAME_DIFFERENT)} | ${pc(r.accuracy.ANTISET)} | ${conf} | ${f1(r.worldBuildSeconds)}${r.headTrainSeconds ? ` (${f1(r.headTrainSeconds)})` : ''} | ${f1(r.readerFitSeconds)} |`,
    );
  }
  L.push('');
  for (const ds of [...new Set(w.rows.map((r) => r.dataset))]) {
    const mean = (r: (typeof w.rows)[number]): number => {
      const v = Object.values(r.accuracy);
      return v.reduce((a, x) => a + x, 0) / Math.max(1, v.length);
    };
    const mine = w.rows.filter((r) => r.dataset === ds);
    const best = mine.reduce((a, r) => (mean(r) > mean(a) ? r : a));
    const base = mine.find((r) => r.reader === 'posterior' && r.space.startsWith('default'));
    L.push(
      `- ${ds}: best mean over the tasks ${pc(mean(best))} % (${best.space}, ${best.reader}: Set ${pc(best.accuracy.SET)}, SSD ${pc(best.accuracy.SAME_SAME_DIFFERENT)}, Antiset ${pc(best.accuracy.ANTISET)}) vs ${base ? `${pc(mean(base))} % for today's default space and reader` : 'no default row'}.`,
    );
  }
  const choices = Object.entries(w.headChoice ?? {});
  if (choices.length > 0) {
    L.push(
      '',
      `World heads (issue 17 item 2): an embedding head (\`trainHeadSpace\`: ${JSON.stringify(w.headOptions ?? {})}) trained on the world's build half only, the tree built in its space, every query mapped through it (pure-TS \`WorldSpace\`). The loss is chosen on the build half alone: 1-NN accuracy of one half of it with a head trained on the other ("none" = the plain space, the baseline):`,
      '',
    );
    for (const [k, c] of choices)
      L.push(
        `- ${k}: ${Object.entries(c.accuracy)
          .map(([l, a]) => `${l} ${pc(a)} %`)
          .join(', ')} (${c.fit} / ${c.check} photos) → ${c.chosen}.`,
      );
  }
  const checks = Object.entries(w.extractorCheck)
    .map(([k, v]) => `${k} ${v.toExponential(1)}`)
    .join(', ');
  L.push(
    '',
    `The named spaces were read from the study's activation cache; on 4 photos per set they match \`createFeatureSpaceExtractor\` to a max |difference| of ${checks}. The calibrated reader is an option; the default reader is unchanged until the Table 5 harness (\`npm run eval\`) is re-run with it. Targets (issue 17): Flowers_4 Set ≥ 28 %, SSD ≥ 62 %, Antiset ≥ 75.5 %; pets + flowers every relation ≥ 80 %.`,
    '',
  );
  return L;
}
