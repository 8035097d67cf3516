import * as tf from '@tensorflow/tfjs';
import type { Rng } from '@clusterflow/clusterflow';
import { batchHardTripletLoss, type BatchHardTripletLossOptions } from '../losses/batch-hard-triplet-loss.js';
import { contrastiveLoss, type ContrastiveLossOptions } from '../losses/contrastive-loss.js';
import { cosineCorelLoss, type CosineCorelLossOptions } from '../losses/cosine-corel-loss.js';
import { gaussianCorelLoss, type GaussianCorelLossOptions } from '../losses/gaussian-corel-loss.js';
import { MetricLearningError } from '../losses/metric-learning-error.js';
import { silhouetteLoss, type SilhouetteLossOptions } from '../losses/silhouette-loss.js';
import { softmaxCrossEntropyLoss } from '../losses/softmax-cross-entropy-loss.js';
import { glorotUniform } from './glorot-uniform.js';
import { trainable } from './trainable.js';

/** The losses an embedding head can be trained with. */
export type EmbeddingLossName =
  'silhouette' | 'contrastive' | 'batch-hard-triplet' | 'cosine-corel' | 'gaussian-corel' | 'softmax';

/** The `name` field that picks the loss in a spec object. */
export interface NamedLoss<N extends EmbeddingLossName> {
  /** Which loss. */
  readonly name: N;
}

/** A loss by name (its default options) or by name with options. */
export type EmbeddingLossSpec =
  | EmbeddingLossName
  | (NamedLoss<'silhouette'> & SilhouetteLossOptions)
  | (NamedLoss<'contrastive'> & ContrastiveLossOptions)
  | (NamedLoss<'batch-hard-triplet'> & BatchHardTripletLossOptions)
  | (NamedLoss<'cosine-corel'> & CosineCorelLossOptions)
  | (NamedLoss<'gaussian-corel'> & GaussianCorelLossOptions)
  | NamedLoss<'softmax'>;

const NAMES: readonly EmbeddingLossName[] = [
  'silhouette',
  'contrastive',
  'batch-hard-triplet',
  'cosine-corel',
  'gaussian-corel',
  'softmax',
];

/** A loss spec as an object with its name, after checking the name. */
export type ResolvedLossSpec = Exclude<EmbeddingLossSpec, EmbeddingLossName>;

/** Checks and normalises a loss spec to its object form. */
export function resolveLossSpec(spec: EmbeddingLossSpec): ResolvedLossSpec {
  const resolved = (typeof spec === 'string' ? { name: spec } : spec) as ResolvedLossSpec;
  if (!NAMES.includes(resolved.name)) {
    throw new MetricLearningError(
      'INVALID_OPTION',
      `trainEmbeddingHead: unknown loss "${String(resolved.name)}"; use one of ${NAMES.join(', ')}`,
    );
  }
  return resolved;
}

/**
 * Whether the head L2-normalises its output by default for this loss: yes where margins are stated on the unit
 * sphere (contrastive, triplet) or only angles count (Cosine-COREL); no for the silhouette (scale-invariant
 * already, and a free layout suits 2-D maps), Gaussian-COREL and softmax (they live in Euclidean space).
 */
export function normalizesByDefault(name: EmbeddingLossName): boolean {
  return name === 'contrastive' || name === 'batch-hard-triplet' || name === 'cosine-corel';
}

/** A loss bound to its own trainable parameters (class vectors, classifier), if any. */
export interface BoundLoss {
  readonly variables: tf.Variable[];
  compute(embeddings: tf.Tensor2D, labels: Int32Array): tf.Scalar;
}

/** Binds a loss to freshly initialised parameters (seeded) for `classes` classes in `dim` dimensions. */
export function bindLoss(spec: ResolvedLossSpec, dim: number, classes: number, rng: Rng): BoundLoss {
  switch (spec.name) {
    case 'silhouette':
      return { variables: [], compute: (e, y) => silhouetteLoss(e, y, spec) };
    case 'contrastive':
      return { variables: [], compute: (e, y) => contrastiveLoss(e, y, spec) };
    case 'batch-hard-triplet':
      return { variables: [], compute: (e, y) => batchHardTripletLoss(e, y, spec) };
    case 'cosine-corel': {
      const w = trainable<tf.Rank.R2>(glorotUniform(classes, dim, rng), [classes, dim]);
      return { variables: [w], compute: (e, y) => cosineCorelLoss(e, y, w as tf.Tensor2D, spec) };
    }
    case 'gaussian-corel': {
      const w = trainable<tf.Rank.R2>(glorotUniform(classes, dim, rng), [classes, dim]);
      return { variables: [w], compute: (e, y) => gaussianCorelLoss(e, y, w as tf.Tensor2D, spec) };
    }
    case 'softmax': {
      const weights = trainable<tf.Rank.R2>(glorotUniform(dim, classes, rng), [dim, classes]);
      const bias = trainable<tf.Rank.R1>(new Float32Array(classes), [classes]);
      return {
        variables: [weights, bias],
        compute: (e, y) =>
          softmaxCrossEntropyLoss(e, y, { weights: weights as tf.Tensor2D, bias: bias as tf.Tensor1D }),
      };
    }
  }
}
