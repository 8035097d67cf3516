/**
 * Area under the ROC curve for "positives score higher than negatives" (Mann–Whitney U with mid-ranks for
 * ties): 1 = perfect separation, 0.5 = chance.
 */
export function auroc(positives: readonly number[], negatives: readonly number[]): number {
  const all = [...positives.map((s) => ({ s, p: 1 })), ...negatives.map((s) => ({ s, p: 0 }))].sort(
    (a, b) => a.s - b.s,
  );
  let rankSum = 0;
  for (let i = 0; i < all.length;) {
    let j = i;
    while (j + 1 < all.length && all[j + 1].s === all[i].s) j++;
    const mid = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (all[k].p === 1) rankSum += mid;
    i = j + 1;
  }
  const np = positives.length;
  const nn = negatives.length;
  return (rankSum - (np * (np + 1)) / 2) / (np * nn);
}
