import type { Relation } from './relation-types.js';

/** Prior weight of each relation used when deciding among the five triplet configurations. */
export type RelationPrior = Readonly<Record<Relation, number>>;

/** Balanced prior (default): each relation equally likely, SSD's weight split over its three odd positions. */
export const BALANCED_RELATION_PRIOR: RelationPrior = { SET: 1, SAME_SAME_DIFFERENT: 1, ANTISET: 1 };

/** The decision over a triplet's five configurations: SET, SSD with odd 0/1/2, ANTISET. */
export interface TripletDecision {
  /** The relation with the largest posterior mass (SSD summed over odd positions). */
  readonly relation: Relation;
  /** Position (0..2) of the most probable odd image when the relation is SAME_SAME_DIFFERENT; otherwise null. */
  readonly oddIndex: number | null;
  /** Posterior mass of the chosen relation (SSD: summed over odd positions). */
  readonly confidence: number;
  /** Posterior mass per relation (SSD summed over odd positions). */
  readonly posterior: Record<Relation, number>;
}

/**
 * Decides a triplet (relation by its total posterior mass, then the odd position) from the five configuration likelihoods [SET, SSD odd 0, SSD odd 1, SSD odd 2, ANTISET],
 * weighting them by the prior (SSD's share split evenly over positions) and normalising. `baseRates` are the
 * configurations' probabilities under the model that produced the likelihoods (e.g. 1/L² for SET with L equally
 * likely classes); dividing by them turns "how often would this happen" into "how much does the evidence favour it".
 */
export function decideTriplet(
  likelihoods: readonly [number, number, number, number, number],
  prior: RelationPrior = BALANCED_RELATION_PRIOR,
  baseRates: readonly [number, number, number, number, number] = [1, 1, 1, 1, 1],
): TripletDecision {
  const w = [
    prior.SET,
    prior.SAME_SAME_DIFFERENT / 3,
    prior.SAME_SAME_DIFFERENT / 3,
    prior.SAME_SAME_DIFFERENT / 3,
    prior.ANTISET,
  ];
  // Likelihoods that already carry their own base rate (P(config) under independent draws) are divided by it.
  const post = likelihoods.map((l, i) => (Math.max(0, l) * w[i]) / Math.max(baseRates[i], 1e-12));
  let total = post.reduce((a, b) => a + b, 0);
  if (!(total > 0)) {
    // No evidence at all: fall back to the prior itself.
    post.splice(0, 5, ...w);
    total = w.reduce((a, b) => a + b, 0);
  }
  // Decide the relation on its total mass (SSD summed over positions), then the odd position within SSD: this
  // maximises the chance of naming the relation, which is what a task's accuracy counts first.
  const ssd = post[1] + post[2] + post[3];
  const relation: Relation =
    ssd >= post[0] && ssd >= post[4] ? 'SAME_SAME_DIFFERENT' : post[0] >= post[4] ? 'SET' : 'ANTISET';
  let odd = 1;
  for (let i = 2; i <= 3; i++) if (post[i] > post[odd]) odd = i;
  const mass = relation === 'SET' ? post[0] : relation === 'ANTISET' ? post[4] : ssd;
  return {
    relation,
    oddIndex: relation === 'SAME_SAME_DIFFERENT' ? odd - 1 : null,
    confidence: mass / total,
    posterior: {
      SET: post[0] / total,
      SAME_SAME_DIFFERENT: (post[1] + post[2] + post[3]) / total,
      ANTISET: post[4] / total,
    },
  };
}

/**
 * Configuration likelihoods from "same" probabilities of the three pairs (p01, p02, p12), treating pairs as
 * independent evidence and excluding the intransitive configurations.
 */
export function likelihoodsFromPairs(
  p01: number,
  p02: number,
  p12: number,
): [number, number, number, number, number] {
  return [
    p01 * p02 * p12,
    (1 - p01) * (1 - p02) * p12,
    (1 - p01) * p02 * (1 - p12),
    p01 * (1 - p02) * (1 - p12),
    (1 - p01) * (1 - p02) * (1 - p12),
  ];
}

/**
 * Configuration likelihoods from three class distributions over the same L classes (each row sums to 1):
 * P(all one class), P(two share a class and the third differs), P(all different).
 */
export function likelihoodsFromClassPosteriors(
  p: readonly [Float64Array, Float64Array, Float64Array],
): [number, number, number, number, number] {
  const [a, b, c] = p;
  let set = 0;
  let ab = 0;
  let ac = 0;
  let bc = 0;
  for (let l = 0; l < a.length; l++) {
    set += a[l] * b[l] * c[l];
    ab += a[l] * b[l];
    ac += a[l] * c[l];
    bc += b[l] * c[l];
  }
  const odd2 = ab - set;
  const odd1 = ac - set;
  const odd0 = bc - set;
  const anti = Math.max(0, 1 - set - odd0 - odd1 - odd2);
  return [set, odd0, odd1, odd2, anti];
}

/** Base rates of [SET, SSD×3, ANTISET] when three items draw independently from L equally likely classes. */
export function uniformClassBaseRates(classes: number): [number, number, number, number, number] {
  const l = Math.max(1, classes);
  const ssd = (l - 1) / (l * l);
  return [1 / (l * l), ssd, ssd, ssd, ((l - 1) * (l - 2)) / (l * l)];
}
