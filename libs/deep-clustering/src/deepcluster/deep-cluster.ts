import * as tf from '@tensorflow/tfjs';
import { kmeans, normalizedMutualInformation, pointMatrix } from '@clusterflow/clusterflow';
import type { BackendPreference } from '@clusterflow/extractors';
import { DeepClusteringError } from '../data/deep-clustering-error.js';
import { validateData } from '../data/validate-data.js';
import { Adam } from '../ddc/adam.js';
import type { DdcInput } from '../ddc/ddc-input.js';
import { ensureBackend } from '../ddc/ensure-backend.js';
import { SeededRng } from '../ddc/seeded-rng.js';
import { pcaWhiten } from './pca-whiten.js';
import { reseedEmptyClusters, uniformOverClasses } from './pseudo-labels.js';

/** Options of {@link DeepCluster}. */
export interface DeepClusterOptions {
  /** Number of k-means clusters (pseudo-classes), 2 ≤ k ≤ rows. */
  readonly k: number;
  /** Rounds of cluster → train. Default 10. */
  readonly epochs?: number;
  /** Widths of the head's hidden layers; the last is the feature layer that is clustered. Default [256, 64]. */
  readonly hiddenUnits?: readonly number[];
  /** PCA-whitening dimension before k-means (Caron et al. use 256). Default 32 (capped at the feature width). */
  readonly pcaDim?: number;
  /** Adam step for the head. Default 1e-3. */
  readonly learningRate?: number;
  /** Rows per training batch. Default 100. */
  readonly batchSize?: number;
  /** Lloyd iterations per clustering. Default 50. */
  readonly kmeansIterations?: number;
  /** Seed of the head's weights, the samplers and k-means. Default 0. */
  readonly seed?: number;
  /** TF.js backend. Default `auto`. */
  readonly backend?: BackendPreference;
}

/** One round of DeepCluster. */
export interface DeepClusterEpoch {
  /** 1-based round. */
  readonly epoch: number;
  /** NMI between this round's clustering and the previous round's (NaN in round 1). */
  readonly nmiPrevious: number;
  /** NMI of this round's clustering against the ground truth, when labels were given. */
  readonly nmiTruth?: number;
  /** Mean cross-entropy of the head on the pseudo-labels over the round. */
  readonly loss: number;
  /** Empty clusters given points again. */
  readonly reseeded: number;
  /** Wall time of the round, seconds. */
  readonly seconds: number;
}

/** Outcome of {@link DeepCluster.fit}. */
export interface DeepClusterResult {
  /** Clustering of the trained head's features (after the last round). */
  readonly assignments: Int32Array;
  /** One entry per round, plus the final clustering as the last entry (loss NaN: no training after it). */
  readonly history: readonly DeepClusterEpoch[];
  /** The trained head's features of every row (rows × last hidden width). */
  readonly features: Float32Array;
}

/** Options of {@link DeepCluster.fit}. */
export interface DeepClusterFitOptions {
  /** Ground truth for `nmiTruth` only; never used to train. */
  readonly labels?: Int32Array;
  /** Called after every round. */
  readonly onEpoch?: (epoch: DeepClusterEpoch) => void | Promise<void>;
}

/**
 * DeepCluster (Caron et al. 2018) on feature vectors (e.g. CNN activations): every round, the head's features
 * are PCA-whitened and L2-normalised, clustered by k-means (clusterflow's), empty clusters re-seeded, and the head
 * plus a freshly initialised classifier are trained to predict these pseudo-labels from batches sampled uniformly
 * over the pseudo-classes. Reports NMI between consecutive clusterings and, given labels, against the truth.
 */
export class DeepCluster {
  private readonly o: Required<Omit<DeepClusterOptions, 'hiddenUnits'>> & { hiddenUnits: number[] };

  /** @param options - see {@link DeepClusterOptions}. */
  constructor(options: DeepClusterOptions) {
    const int = (name: string, v: number | undefined, fallback: number): number => {
      const x = v ?? fallback;
      if (!Number.isInteger(x) || x < 1)
        throw new DeepClusteringError('BAD_OPTION', `${name} must be a positive integer, got ${x}.`);
      return x;
    };
    if (!Number.isInteger(options.k) || options.k < 2) {
      throw new DeepClusteringError('BAD_K', `k must be an integer ≥ 2, got ${options.k}.`);
    }
    const hiddenUnits = [...(options.hiddenUnits ?? [256, 64])];
    if (hiddenUnits.length === 0 || hiddenUnits.some((u) => !Number.isInteger(u) || u < 1)) {
      throw new DeepClusteringError(
        'BAD_OPTION',
        `hiddenUnits must be positive integers, got [${hiddenUnits.join(', ')}].`,
      );
    }
    this.o = {
      k: options.k,
      epochs: int('epochs', options.epochs, 10),
      hiddenUnits,
      pcaDim: int('pcaDim', options.pcaDim, 32),
      learningRate: options.learningRate ?? 1e-3,
      batchSize: int('batchSize', options.batchSize, 100),
      kmeansIterations: int('kmeansIterations', options.kmeansIterations, 50),
      seed: options.seed ?? 0,
      backend: options.backend ?? 'auto',
    };
  }

  /** Runs the rounds on `input` and returns the final clustering with the per-round NMI. */
  async fit(input: DdcInput, fitOptions: DeepClusterFitOptions = {}): Promise<DeepClusterResult> {
    validateData(input.data, input.rows, input.cols, this.o.k);
    const labels = fitOptions.labels;
    if (labels !== undefined && labels.length !== input.rows) {
      throw new DeepClusteringError(
        'DIMENSION_MISMATCH',
        `labels has ${labels.length} entries for ${input.rows} rows.`,
      );
    }
    await ensureBackend(this.o.backend);
    const rng = SeededRng.fromSeed(this.o.seed);
    const widths = [input.cols, ...this.o.hiddenUnits];
    const head: tf.Variable[] = [];
    for (let l = 0; l + 1 < widths.length; l++) head.push(...denseLayer(widths[l], widths[l + 1], rng));
    const history: DeepClusterEpoch[] = [];
    let previous: Int32Array | undefined;
    try {
      for (let epoch = 1; epoch <= this.o.epochs + 1; epoch++) {
        const started = performance.now();
        const features = this.features(head, input);
        const { assignments, reseeded } = this.cluster(features, input.rows, rng, epoch);
        let loss = NaN;
        if (epoch <= this.o.epochs) loss = this.train(head, input, assignments, rng);
        const report: DeepClusterEpoch = {
          epoch,
          nmiPrevious: previous === undefined ? NaN : normalizedMutualInformation(previous, assignments),
          ...(labels !== undefined ? { nmiTruth: normalizedMutualInformation(labels, assignments) } : {}),
          loss,
          reseeded,
          seconds: (performance.now() - started) / 1000,
        };
        history.push(report);
        previous = assignments;
        await fitOptions.onEpoch?.(report);
        if (epoch === this.o.epochs + 1) return { assignments, history, features };
      }
      throw new Error('unreachable');
    } finally {
      for (const v of head) v.dispose();
    }
  }

  private features(head: tf.Variable[], input: DdcInput): Float32Array {
    const width = this.o.hiddenUnits[this.o.hiddenUnits.length - 1];
    const out = new Float32Array(input.rows * width);
    for (let start = 0; start < input.rows; start += 1000) {
      const end = Math.min(input.rows, start + 1000);
      const f = tf.tidy(() =>
        forwardHead(
          head,
          tf.tensor2d(input.data.subarray(start * input.cols, end * input.cols), [end - start, input.cols]),
        ),
      );
      out.set(f.dataSync(), start * width);
      f.dispose();
    }
    return out;
  }

  private cluster(
    features: Float32Array,
    rows: number,
    rng: SeededRng,
    epoch: number,
  ): { assignments: Int32Array; reseeded: number } {
    const width = this.o.hiddenUnits[this.o.hiddenUnits.length - 1];
    const dim = Math.min(this.o.pcaDim, width);
    const whitened = pcaWhiten(features, rows, width, dim);
    const km = kmeans(pointMatrix(whitened, rows, dim), {
      k: this.o.k,
      seed: (this.o.seed * 7919 + epoch) | 0,
      maxIterations: this.o.kmeansIterations,
    });
    const assignments = Int32Array.from(km.assignments);
    const centroids = new Float64Array(this.o.k * dim);
    centroids.set(km.centroids.subarray(0, Math.min(km.centroids.length, centroids.length)));
    const reseeded = reseedEmptyClusters(whitened, dim, assignments, centroids, this.o.k, rng);
    return { assignments, reseeded };
  }

  private train(head: tf.Variable[], input: DdcInput, pseudo: Int32Array, rng: SeededRng): number {
    const k = this.o.k;
    // The classifier is re-initialised every round: pseudo-label indices carry no meaning from round to round.
    const classifier = denseLayer(this.o.hiddenUnits[this.o.hiddenUnits.length - 1], k, rng);
    const params = [...head, ...classifier];
    const adam = new Adam(params, { learningRate: this.o.learningRate });
    const order = uniformOverClasses(pseudo, k, rng);
    const b = Math.min(this.o.batchSize, input.rows);
    const steps = Math.floor(order.length / b);
    const x = new Float32Array(b * input.cols);
    const target = new Float32Array(b * k);
    let total = 0;
    try {
      for (let s = 0; s < steps; s++) {
        target.fill(0);
        for (let r = 0; r < b; r++) {
          const row = order[s * b + r];
          x.set(input.data.subarray(row * input.cols, (row + 1) * input.cols), r * input.cols);
          target[r * k + pseudo[row]] = 1;
        }
        const xt = tf.tensor2d(x, [b, input.cols]);
        const yt = tf.tensor2d(target, [b, k]);
        const { value, grads } = tf.variableGrads(() => {
          const logits = tf.add(tf.matMul(forwardHead(head, xt), classifier[0]), classifier[1]);
          // Cross-entropy through a one-hot mask (tf.gather has no gradient on wasm).
          return tf.neg(tf.mean(tf.sum(tf.mul(yt, tf.logSoftmax(logits)), 1))) as tf.Scalar;
        }, params);
        adam.apply(params.map((p) => grads[p.name]));
        total += value.dataSync()[0];
        tf.dispose([xt, yt, value, ...Object.values(grads)]);
      }
    } finally {
      adam.dispose();
      for (const v of classifier) v.dispose();
    }
    return total / Math.max(1, steps);
  }
}

function denseLayer(inputs: number, units: number, rng: SeededRng): tf.Variable[] {
  const w = new Float32Array(inputs * units);
  const std = Math.sqrt(2 / inputs);
  for (let i = 0; i < w.length; i++) w[i] = std * rng.normal();
  return tf.tidy(() => [
    tf.variable(tf.tensor2d(w, [inputs, units]), true),
    tf.variable(tf.zeros([units]), true),
  ]);
}

function forwardHead(head: tf.Variable[], x: tf.Tensor2D): tf.Tensor2D {
  let h = x;
  for (let i = 0; i < head.length; i += 2)
    h = tf.relu(tf.add(tf.matMul(h, head[i]), head[i + 1])) as tf.Tensor2D;
  return h;
}
