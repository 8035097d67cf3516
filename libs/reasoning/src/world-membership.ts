import { membershipPValue } from './calibration.js';
import { nearestClusterDistance } from './cluster-distance.js';
import { InvalidReasoningInputError } from './errors/reasoning-error.js';
import type { World } from './world.js';

/** The CNN's own reading of the image, shown next to ClusterFlow's. */
export interface CnnOpinion {
  readonly index: number;
  readonly label: string;
  /** Softmax probability of the top class. */
  readonly probability: number;
}

/** The CNN output for an image, to report its top label and softmax confidence beside the world's answer. */
export interface CnnOutput {
  readonly scores: ArrayLike<number>;
  /** 'logits' get a softmax; 'probabilities' are used as they are. */
  readonly kind: 'logits' | 'probabilities';
  /** Class names in the model's output order. */
  readonly labels: readonly string[];
}

export interface WorldGuessLabel {
  readonly label: string;
  /** The tree's guess score (share / weighted share). */
  readonly score: number;
  /** ClusterFlow confidence: score × p-value of the point's escape among calibration escapes. */
  readonly confidence: number;
}

/** World membership of one image: in/out, path, guesses with ClusterFlow confidence, and the CNN's view. */
export interface WorldMembership {
  readonly inWorld: boolean;
  /** Node ids root → deepest containing cluster. */
  readonly path: readonly number[];
  readonly source: 'pure' | 'mixed' | 'nearby' | 'outside';
  /** Empty when outside the world. */
  readonly labels: readonly WorldGuessLabel[];
  /** Top label's ClusterFlow confidence; null outside the world (no guess). */
  readonly confidence: number | null;
  /**
   * How typical the point's evidence is among held-out real examples (conformal p-value of the world escape;
   * under the 'world+cluster' rule min(1, 2·min(p_world, p_cluster))).
   */
  readonly pValue: number;
  readonly evidence: {
    readonly world: { readonly l0: number; readonly escapeDistance: number; readonly sharedDims: number };
    readonly threshold: number;
    /** L2 distance to the nearest cluster's boundary (0 inside one) and its calibrated threshold. */
    readonly nearestCluster: { readonly distance: number; readonly threshold: number };
  };
  readonly cnn: CnnOpinion | null;
}

export interface MembershipOptions {
  /** Labels returned. Default 5. */
  readonly topK?: number;
  readonly cnn?: CnnOutput;
}

/**
 * Where an image (its activation vector in the world's tap) stands relative to a world: in the world or not
 * (calibrated world escape AND, under the default 'world+cluster' rule, calibrated distance to the nearest
 * cluster), the tree path, guessed labels with ClusterFlow confidence (guess score × escape p-value), and
 * the CNN's top label with its softmax confidence.
 */
export function worldMembership(
  world: World,
  point: Float32Array | Float64Array,
  options: MembershipOptions = {},
): WorldMembership {
  if (point.length !== world.examples.cols)
    throw new InvalidReasoningInputError(
      `worldMembership: point has ${point.length} values, the world's tap has ${world.examples.cols}`,
    );
  const { threshold, clusterThreshold, rule } = world.calibration;
  const guess = world.tree.guess(point, {
    ...world.guess,
    topK: options.topK ?? 5,
    worldEscapeThreshold: threshold,
  });
  const escape = guess.evidence.world.escapeDistance;
  const clusterDistance = rule === 'world' ? 0 : nearestClusterDistance(world.tree, point);
  const pValue = membershipPValue(world.calibration, escape, clusterDistance);
  const inWorld = guess.inWorld && clusterDistance <= clusterThreshold;
  const labels = inWorld
    ? guess.labels.map((l) => ({ label: l.label, score: l.score, confidence: l.score * pValue }))
    : [];
  return {
    inWorld,
    path: inWorld ? [...guess.path] : [],
    source: inWorld ? guess.source : 'outside',
    labels,
    confidence: inWorld && labels.length > 0 ? labels[0].confidence : null,
    pValue,
    evidence: {
      world: {
        l0: guess.evidence.world.l0,
        escapeDistance: escape,
        sharedDims: guess.evidence.world.sharedDims,
      },
      threshold,
      nearestCluster: { distance: clusterDistance, threshold: clusterThreshold },
    },
    cnn: options.cnn ? cnnOpinion(options.cnn) : null,
  };
}

/** Top class and its softmax probability from a CNN output. */
export function cnnOpinion(cnn: CnnOutput): CnnOpinion {
  const probs =
    cnn.kind === 'logits' ? softmax(cnn.scores) : Float64Array.from(cnn.scores as ArrayLike<number>);
  let best = 0;
  for (let i = 1; i < probs.length; i++) if (probs[i] > probs[best]) best = i;
  return { index: best, label: cnn.labels[best] ?? String(best), probability: probs[best] };
}

/** Numerically stable softmax. */
export function softmax(logits: ArrayLike<number>): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) if (logits[i] > max) max = logits[i];
  const out = new Float64Array(logits.length);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    out[i] = Math.exp(logits[i] - max);
    sum += out[i];
  }
  for (let i = 0; i < out.length; i++) out[i] /= sum;
  return out;
}
