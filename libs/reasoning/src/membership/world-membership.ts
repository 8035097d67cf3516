import { membershipPValue } from '../world/calibration.js';
import { nearestClusterDistance } from '../world/cluster-distance.js';
import { InvalidReasoningInputError } from '../errors/reasoning-error.js';
import { toWorldSpace, worldInputDim, type World } from '../world/world.js';

/** The CNN's own reading of the image, shown next to ClusterFlow's. */
export interface CnnOpinion {
  /** Index of the top class in the model's output. */
  readonly index: number;
  /** Name of the top class (its index as a string when no name is given). */
  readonly label: string;
  /** Softmax probability of the top class. */
  readonly probability: number;
}

/** The CNN output for an image, to report its top label and softmax confidence beside the world's answer. */
export interface CnnOutput {
  /** The CNN's class scores for the image, in model output order (logits or probabilities, see `kind`). */
  readonly scores: ArrayLike<number>;
  /** 'logits' get a softmax; 'probabilities' are used as they are. */
  readonly kind: 'logits' | 'probabilities';
  /** Class names in the model's output order. */
  readonly labels: readonly string[];
}

/** A label the world guessed for an image, with its ClusterFlow confidence. */
export interface WorldGuessLabel {
  /** The guessed label. */
  readonly label: string;
  /** The tree's guess score (share / weighted share). */
  readonly score: number;
  /** ClusterFlow confidence: score × p-value of the point's escape among calibration escapes. */
  readonly confidence: number;
}

/** World membership of one image: in/out, path, guesses with ClusterFlow confidence, and the CNN's view. */
export interface WorldMembership {
  /** Whether the image is in the world under its calibrated membership rule. */
  readonly inWorld: boolean;
  /** Node ids root → deepest containing cluster. */
  readonly path: readonly number[];
  /**
   * Where the guess came from: the deepest cluster's own labels ('pure' / 'mixed'), nearby clusters ('nearby'), or
   * 'outside' the world.
   */
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
  /** The graded evidence behind `inWorld`. */
  readonly evidence: {
    /** Escape evidence of the point against the world box. */
    readonly world: {
      /** Number of dimensions on which the point lies outside the world box. */
      readonly l0: number;
      /** Σ overshoot/σ over the escaping dimensions: 0 inside the box, ∞ when undecidable. */
      readonly escapeDistance: number;
      /** Number of dimensions the decision rested on (known on both sides). */
      readonly sharedDims: number;
    };
    /** The world's calibrated escape threshold (`world.calibration.threshold`). */
    readonly threshold: number;
    /** L2 distance to the nearest cluster's boundary (0 inside one) and its calibrated threshold. */
    readonly nearestCluster: {
      /** L2 distance to the nearest cluster's boundary; 0 inside one, and 0 under the 'world' rule (not measured). */
      readonly distance: number;
      /** Calibrated nearest-cluster threshold (`world.calibration.clusterThreshold`; ∞ under the 'world' rule). */
      readonly threshold: number;
    };
  };
  /** The CNN's top class when `options.cnn` was given; otherwise null. */
  readonly cnn: CnnOpinion | null;
}

/** Options of `worldMembership`. */
export interface MembershipOptions {
  /** Labels returned. Default 5. */
  readonly topK?: number;
  /** The CNN's output for the same image, to report its top class beside the world's answer. Default none. */
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
  raw: Float32Array | Float64Array,
  options: MembershipOptions = {},
): WorldMembership {
  if (raw.length !== worldInputDim(world))
    throw new InvalidReasoningInputError(
      `worldMembership: point has ${raw.length} values, the world's tap has ${worldInputDim(world)}`,
    );
  // A world with a learned space answers in that space: map the query the way its examples were mapped.
  const point = world.space
    ? toWorldSpace(world, { data: raw, rows: 1, cols: raw.length }, 'worldMembership').data
    : raw;
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
