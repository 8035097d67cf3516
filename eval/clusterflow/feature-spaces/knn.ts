import type { TapMatrix } from '@clusterflow/extractors';

/**
 * k-NN accuracy on `test` rows with neighbours among `train` rows, cosine similarity (rows are compared by dot
 * product after L2 normalisation). Majority vote of the k nearest; a tie goes to the class of the nearest tied
 * neighbour. Returns accuracy per k.
 */
export function knnAccuracy(
  x: TapMatrix,
  labels: readonly string[],
  train: readonly number[],
  test: readonly number[],
  ks: readonly number[],
): Record<number, number> {
  const norms = new Float64Array(x.rows);
  for (let i = 0; i < x.rows; i++) {
    let s = 0;
    for (let j = 0; j < x.cols; j++) s += x.data[i * x.cols + j] ** 2;
    norms[i] = Math.sqrt(s) || 1;
  }
  const right: Record<number, number> = {};
  for (const k of ks) right[k] = 0;
  const maxK = Math.max(...ks);
  for (const q of test) {
    const sims = train.map((t) => {
      let s = 0;
      for (let j = 0; j < x.cols; j++) s += x.data[q * x.cols + j] * x.data[t * x.cols + j];
      return { label: labels[t], sim: s / (norms[q] * norms[t]) };
    });
    sims.sort((a, b) => b.sim - a.sim);
    const top = sims.slice(0, maxK);
    for (const k of ks) {
      const votes = new Map<string, number>();
      for (const n of top.slice(0, k)) votes.set(n.label, (votes.get(n.label) ?? 0) + 1);
      const best = Math.max(...votes.values());
      const winner = top.slice(0, k).find((n) => votes.get(n.label) === best)?.label;
      if (winner === labels[q]) right[k]++;
    }
  }
  for (const k of ks) right[k] /= Math.max(1, test.length);
  return right;
}
