import { DeepClusteringError } from '../data/deep-clustering-error.js';
import { alignClusters } from './align-clusters.js';

/** One clustering run as DDC-VOTE sees it: hard assignments and its unsupervised loss. */
export interface VoteCandidate {
  /** Cluster (0..k−1) of every row. */
  readonly assignments: Int32Array;
  /** Final unsupervised loss of the run (lower is better). */
  readonly loss: number;
}

/** The vote's outcome. */
export interface VoteResult {
  /** Voted cluster of every row, in the labelling of the lowest-loss run. */
  readonly assignments: Int32Array;
  /** Indices (into the candidates) of the runs that voted, lowest loss first; the first is the reference. */
  readonly selected: readonly number[];
}

/**
 * DDC-VOTE's ensemble step (Kampffmeyer et al. §4.5): take the `top` runs with the lowest unsupervised loss, use
 * the lowest as the reference, align every other to it with the Hungarian method, then give each row the cluster
 * most of them chose; a tie goes to the reference run's cluster (with three voters: whenever all three disagree).
 */
export function voteClusterings(candidates: readonly VoteCandidate[], k: number, top = 3): VoteResult {
  if (candidates.length === 0)
    throw new DeepClusteringError('EMPTY_DATA', 'voteClusterings needs at least one run.');
  if (!Number.isInteger(top) || top < 1)
    throw new DeepClusteringError('BAD_OPTION', `top must be a positive integer, got ${top}.`);
  const n = candidates[0].assignments.length;
  candidates.forEach((c, i) => {
    if (c.assignments.length !== n) {
      throw new DeepClusteringError(
        'DIMENSION_MISMATCH',
        `run ${i} has ${c.assignments.length} assignments, run 0 has ${n}.`,
      );
    }
    if (!Number.isFinite(c.loss))
      throw new DeepClusteringError('NON_FINITE', `run ${i} has loss ${c.loss}; a finite loss is required.`);
  });
  const selected = candidates
    .map((c, i) => ({ i, loss: c.loss }))
    .sort((a, b) => a.loss - b.loss || a.i - b.i)
    .slice(0, top)
    .map((c) => c.i);
  const reference = candidates[selected[0]].assignments;
  const voters = [
    reference,
    ...selected.slice(1).map((i) => alignClusters(reference, candidates[i].assignments, k)),
  ];
  const out = new Int32Array(n);
  const tally = new Int32Array(k);
  for (let row = 0; row < n; row++) {
    tally.fill(0);
    for (const v of voters) tally[v[row]]++;
    let best = reference[row];
    for (let c = 0; c < k; c++) if (tally[c] > tally[best]) best = c;
    out[row] = best;
  }
  return { assignments: out, selected };
}
