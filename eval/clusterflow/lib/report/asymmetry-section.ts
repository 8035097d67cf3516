import type { AsymmetryRow } from '../../experiments/asymmetry.js';
import { TRAIN_SHARE } from '../../experiments/relations.js';
import { f1, f2, pct } from './format.js';

/** Paper Table 6 / §3.4: the cat/dog asymmetry per model, tap and boundary, with the paper's numbers for scale. */
export function asymmetrySection(rows: AsymmetryRow[]): string[] {
  const L: string[] = ['## Cat/dog asymmetry (paper Table 6 row format, §3.4)', ''];
  if (rows.length === 0) {
    L.push('Not run: no `pets/{cat,dog}` photo set under the data root.', '');
    return L;
  }
  L.push(
    `${rows[0].protocol === 'external' ? "Pets: every data-root photo familiarises, the test root's pets test" : `Pets split ${pct(TRAIN_SHARE)} / ${pct(1 - TRAIN_SHARE)} per class`} (cats ${rows[0].counts.trainA} train / ${rows[0].counts.testA} test, dogs ${rows[0].counts.trainB} / ${rows[0].counts.testB}). Novel: surprise(test dogs | cat world) − surprise(test cats | dog world); familiar: surprise(test dogs | dog world) − surprise(test cats | cat world); train control: the unfamiliar category's TRAIN photos instead of its test photos; together: one world over both, share of each category's training photos in pure leaves (dog − cat). Positive = towards dogs. "box" = outside the world box itself (the paper's rule), "calibrated" = not a member by the world's calibrated rule (α = 0.1, the default; world escape and nearest-cluster distance).`,
    '',
  );
  L.push(
    '| NN / tap | boundary | Asymmetry on familiar (pp) | Asymmetry on novel (pp) | surprise dogs|cats-world / cats|dog-world | train control (pp) | together pure cat / dog % | No. parameters |',
    '|---|---|---|---|---|---|---|---|',
  );
  for (const a of rows)
    L.push(
      `| ${a.model} / ${a.tap} | ${a.boundary} | ${f2(a.familiar.asymmetry)} | ${f2(a.novel.asymmetry)} | ${f1(a.novel.surpriseB)} / ${f1(a.novel.surpriseA)} % | ${f2(a.trainControl.asymmetry)} | ${f1(a.together.pureA)} / ${f1(a.together.pureB)} | ${a.parameters.toLocaleString('en')} |`,
    );
  L.push('', 'Paper, for scale: MobileNet −0.89 (familiar) / 15.89 (novel); DenseNet121 3.21 / 47.95.', '');
  return L;
}
