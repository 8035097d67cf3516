import * as tf from '@tensorflow/tfjs';
import { createRng, type LabelArray } from '@clusterflow/clusterflow';
import { selectBackend, type BackendLogger, type BackendPreference } from '@clusterflow/extractors';
import { MetricLearningError } from '../losses/metric-learning-error.js';
import { EmbeddingHead } from './embedding-head.js';
import { bindLoss, normalizesByDefault, resolveLossSpec, type EmbeddingLossSpec } from './embedding-loss.js';
import { packRows, type FeatureRows } from './feature-rows.js';
import { glorotUniform } from './glorot-uniform.js';
import { trainable } from './trainable.js';

/** What `onEpoch` receives after each epoch. */
export interface EmbeddingEpoch {
  /** 1-based epoch number. */
  readonly epoch: number;
  /** Total epochs. */
  readonly epochs: number;
  /** Mean loss over the epoch's batches. */
  readonly loss: number;
}

/** Options of {@link trainEmbeddingHead}. */
export interface TrainEmbeddingHeadOptions {
  /** Training rows (e.g. CNN activations), all of one length, finite. */
  readonly features: FeatureRows;
  /** One label per row (integers or strings); at least 2 distinct. */
  readonly labels: LabelArray;
  /** The loss, by name or with options. Default 'silhouette'. */
  readonly loss?: EmbeddingLossSpec;
  /** Output dimension, an integer ≥ 1. Default 16 (the platform.ai note's silhouette head). */
  readonly dim?: number;
  /** Widths of the hidden ReLU layers; [] gives a linear head. Default [128]. */
  readonly hidden?: readonly number[];
  /** Scale outputs to unit L2 norm. Default: true for contrastive, batch-hard-triplet and cosine-corel, else false. */
  readonly normalize?: boolean;
  /** Z-score inputs with the training rows' mean and standard deviation (stored in the head). Default true. */
  readonly standardize?: boolean;
  /** Passes over the training rows. Default 30. */
  readonly epochs?: number;
  /** Rows per batch (the epoch is cut into equal batches of at most this many, ≥ 2). Default 100. */
  readonly batchSize?: number;
  /** Adam's step size. Default 1e-3. */
  readonly learningRate?: number;
  /** Seed of the weight initialisation and the batch shuffling: same seed, same data → same head. Default 0. */
  readonly seed?: number;
  /**
   * TF.js backend, chosen with the extractors' `selectBackend` ('auto': tfjs-node-gpu, tfjs-node, wasm, cpu,
   * the first that loads), or 'current' to keep whatever backend is active. Default 'auto'.
   */
  readonly backend?: BackendPreference | 'current';
  /** Receives the backend line of `selectBackend`. Default: silent. */
  readonly log?: BackendLogger;
  /** Called after each epoch with its mean loss. */
  readonly onEpoch?: (progress: EmbeddingEpoch) => void;
}

/**
 * Trains an embedding head (scikit-learn style: everything in the options, returns the fitted model) that maps
 * `features` to a `dim`-dimensional embedding where the `labels` form tight, separated clusters under the chosen
 * metric-learning loss. Adam on shuffled batches; the loss's own parameters (COREL class vectors, the softmax
 * classifier) are trained jointly and discarded afterwards. Leaves no tensors behind but the head's own.
 */
export async function trainEmbeddingHead(options: TrainEmbeddingHeadOptions): Promise<EmbeddingHead> {
  const where = 'trainEmbeddingHead';
  const spec = resolveLossSpec(options.loss ?? 'silhouette');
  const dim = options.dim ?? 16;
  const hidden = [...(options.hidden ?? [128])];
  const epochs = options.epochs ?? 30;
  const batchSize = options.batchSize ?? 100;
  const learningRate = options.learningRate ?? 1e-3;
  const seed = options.seed ?? 0;
  const standardize = options.standardize ?? true;
  const normalize = options.normalize ?? normalizesByDefault(spec.name);
  checkInteger(where, 'dim', dim, 1);
  hidden.forEach((h, i) => checkInteger(where, `hidden[${i}]`, h, 1));
  checkInteger(where, 'epochs', epochs, 1);
  checkInteger(where, 'batchSize', batchSize, 2);
  if (!Number.isFinite(learningRate) || learningRate <= 0) {
    throw new MetricLearningError(
      'INVALID_OPTION',
      `${where}: learningRate must be a finite number > 0, got ${learningRate}`,
    );
  }
  if (!Number.isFinite(seed)) {
    throw new MetricLearningError('INVALID_OPTION', `${where}: seed must be a finite number, got ${seed}`);
  }
  const { data, rows, cols } = packRows(where, options.features);
  const { codes, classes } = encodeClassLabels(where, options.labels, rows);

  const backend = options.backend ?? 'auto';
  if (backend !== 'current') await selectBackend(backend, options.log);

  const { mean, scale } = standardize ? standardizeInPlace(data, rows, cols) : { mean: null, scale: null };
  const rng = createRng(seed);
  const widths = [cols, ...hidden, dim];
  const layers = widths.slice(1).map((out, i) => ({
    kernel: trainable<tf.Rank.R2>(glorotUniform(widths[i], out, rng), [widths[i], out]),
    bias: trainable<tf.Rank.R1>(new Float32Array(out), [out]),
  }));
  const loss = bindLoss(spec, dim, classes.length, rng);
  const head = new EmbeddingHead({
    manifest: { inputDim: cols, dim, hidden, normalize, standardize, loss: spec, classes, history: [], seed },
    mean,
    scale,
    layers,
  });
  const history: number[] = [];
  const optimizer = tf.train.adam(learningRate);
  const parameters = [...layers.flatMap((l) => [l.kernel, l.bias]), ...loss.variables];
  const batches = Math.ceil(rows / batchSize);
  const order = new Int32Array(rows);
  for (let i = 0; i < rows; i++) order[i] = i;
  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      shuffle(order, rng);
      let total = 0;
      for (let b = 0; b < batches; b++) {
        // Equal cuts (sizes differ by at most one) so no batch is a lone leftover point.
        const start = Math.floor((b * rows) / batches);
        const end = Math.floor(((b + 1) * rows) / batches);
        const x = new Float32Array((end - start) * cols);
        const y = new Int32Array(end - start);
        for (let i = start; i < end; i++) {
          x.set(data.subarray(order[i] * cols, (order[i] + 1) * cols), (i - start) * cols);
          y[i - start] = codes[order[i]];
        }
        const cost = optimizer.minimize(
          () => loss.compute(head.forward(tf.tensor2d(x, [end - start, cols])), y),
          true,
          parameters,
        );
        total += cost ? (await cost.data())[0] : 0;
        cost?.dispose();
      }
      const mean = total / batches;
      if (!Number.isFinite(mean)) {
        throw new MetricLearningError(
          'INVALID_OPTION',
          `${where}: the loss became ${mean} in epoch ${epoch}; lower learningRate (now ${learningRate})`,
        );
      }
      history.push(mean);
      options.onEpoch?.({ epoch, epochs, loss: mean });
    }
  } catch (error) {
    head.dispose();
    throw error;
  } finally {
    optimizer.dispose();
    tf.dispose(loss.variables);
  }
  const trained = head.save();
  head.dispose();
  return EmbeddingHead.load({ ...trained, manifest: { ...trained.manifest, history } });
}

function checkInteger(where: string, name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new MetricLearningError(
      'INVALID_OPTION',
      `${where}: ${name} must be an integer >= ${min}, got ${value}`,
    );
  }
}

/** Codes 0..k-1 in order of first appearance; at least 2 classes, one label per row. */
function encodeClassLabels(
  where: string,
  labels: LabelArray,
  rows: number,
): { codes: Int32Array; classes: (number | string)[] } {
  if (labels.length !== rows) {
    throw new MetricLearningError(
      'INVALID_INPUT',
      `${where}: ${labels.length} labels for ${rows} rows; one per row is required`,
    );
  }
  const codes = new Int32Array(rows);
  const seen = new Map<number | string, number>();
  const classes: (number | string)[] = [];
  for (let i = 0; i < rows; i++) {
    const v = labels[i];
    if (typeof v === 'number' && !Number.isFinite(v)) {
      throw new MetricLearningError(
        'INVALID_INPUT',
        `${where}: label ${i} is ${v}; labels must be finite numbers or strings`,
      );
    }
    let c = seen.get(v);
    if (c === undefined) {
      c = classes.length;
      seen.set(v, c);
      classes.push(v);
    }
    codes[i] = c;
  }
  if (classes.length < 2) {
    throw new MetricLearningError(
      'INVALID_INPUT',
      `${where}: the labels hold ${classes.length} distinct value(s); metric learning needs at least 2 classes`,
    );
  }
  return { codes, classes };
}

/** Z-scores the columns in place (float64 sums); a constant column gets scale 1. Returns what to apply later. */
function standardizeInPlace(
  data: Float32Array,
  rows: number,
  cols: number,
): { mean: Float32Array; scale: Float32Array } {
  const sum = new Float64Array(cols);
  const sq = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = data[r * cols + c];
      sum[c] += v;
      sq[c] += v * v;
    }
  }
  const mean = new Float32Array(cols);
  const scale = new Float32Array(cols);
  for (let c = 0; c < cols; c++) {
    const m = sum[c] / rows;
    const sd = Math.sqrt(Math.max(0, sq[c] / rows - m * m));
    mean[c] = m;
    scale[c] = sd > 1e-8 ? 1 / sd : 1;
  }
  // The same float32 arithmetic as EmbeddingHead.transform, so training sees exactly what inference will.
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) data[r * cols + c] = (data[r * cols + c] - mean[c]) * scale[c];
  }
  return { mean, scale };
}

/** Fisher–Yates with the seeded generator. */
function shuffle(order: Int32Array, rng: { nextInt(n: number): number }): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
}
