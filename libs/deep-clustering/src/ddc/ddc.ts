import * as tf from '@tensorflow/tfjs';
import { clusteringAccuracy } from '@clusterflow/clusterflow';
import type { BackendPreference } from '@clusterflow/extractors';
import { DeepClusteringError } from '../data/deep-clustering-error.js';
import { validateData } from '../data/validate-data.js';
import { Adam } from './adam.js';
import { readCheckpointFile, writeCheckpointFile, type NamedArray } from './checkpoint-file.js';
import type { DdcInput } from './ddc-input.js';
import { ddcLoss, type DdcLossScaling } from './ddc-loss.js';
import { DDC_FORMAT, DdcModel, networkArrays, networkFromArrays, type DdcEpoch } from './ddc-model.js';
import {
  BN_MOMENTUM,
  createNetwork,
  disposeNetwork,
  forward,
  parameterSpecs,
  type DdcArchitecture,
  type DdcNetwork,
  type DdcVariant,
} from './ddc-network.js';
import { ensureBackend } from './ensure-backend.js';
import { SeededRng } from './seeded-rng.js';

/** Options of {@link DDC}; every default is the paper's (§3.1, §4.5). */
export interface DdcOptions {
  /** Number of clusters (required, 2 ≤ k ≤ rows). */
  readonly k: number;
  /** `fc`, `conv`, or `auto` (default): conv when the input carries an image shape, else fc. */
  readonly variant?: DdcVariant | 'auto';
  /** fc: hidden layer widths; the last is batch-normalised and feeds the kernel. Default [200, 200, 500]. */
  readonly hiddenUnits?: readonly number[];
  /** conv: filters of the two 5×5 convolutions. Default [32, 64]. */
  readonly convFilters?: readonly [number, number];
  /** conv: width of the batch-normalised dense layer that feeds the kernel. Default 100. */
  readonly convDenseUnits?: number;
  /** Adam step size. Default 1e-3 for conv, 1e-5 for fc. */
  readonly learningRate?: number;
  /** Rows per mini-batch. Default 100. */
  readonly batchSize?: number;
  /** Training steps; epochs = ⌈iterations / steps per epoch⌉. Default 70,000 (100 epochs of 70,000 rows). */
  readonly iterations?: number;
  /** Number of epochs; overrides `iterations` when given. */
  readonly epochs?: number;
  /** σ as a fraction of each batch's median pairwise hidden distance. Default 0.15. */
  readonly relativeSigma?: number;
  /** Loss term scaling (see {@link DdcLossScaling}). Default `pairs`. */
  readonly lossScaling?: DdcLossScaling;
  /** Seed of the weight initialisation and batch order. Default 0. */
  readonly seed?: number;
  /** TF.js backend, chosen by the extractors' `selectBackend`. Default `auto`. */
  readonly backend?: BackendPreference;
}

/** Options of {@link DDC.fit}. */
export interface DdcFitOptions {
  /** Called after every epoch (after its checkpoint is written). */
  readonly onEpoch?: (epoch: DdcEpoch) => void | Promise<void>;
  /** Ground truth for the per-epoch accuracy in `onEpoch` only; never used to train. */
  readonly monitorLabels?: Int32Array;
  /** Write a checkpoint (weights, Adam state, RNG state, history) here after every epoch, atomically. */
  readonly checkpointPath?: string;
  /** Continue from this checkpoint (written by an interrupted run with the same options and data). */
  readonly resumeFrom?: string;
}

interface Resolved {
  k: number;
  variant: DdcVariant | 'auto';
  hiddenUnits: number[];
  convFilters: [number, number];
  convDenseUnits: number;
  learningRate: number | undefined;
  batchSize: number;
  iterations: number;
  epochs: number | undefined;
  relativeSigma: number;
  lossScaling: DdcLossScaling;
  seed: number;
  backend: BackendPreference;
}

/**
 * Deep Divergence-based Clustering (Kampffmeyer et al. 2019): a network trained end to end, without labels or
 * pre-training, on the sum of two Cauchy–Schwarz divergence terms over a Gaussian kernel of its last hidden layer
 * and an orthogonality term on its softmax output. `new DDC(options).fit(input)` → a {@link DdcModel}.
 */
export class DDC {
  private readonly o: Resolved;

  /** @param options - network, schedule and seed; see {@link DdcOptions}. */
  constructor(options: DdcOptions) {
    this.o = resolve(options);
  }

  /** The architecture this estimator builds for `input`. */
  architectureFor(input: DdcInput): DdcArchitecture {
    const variant = this.o.variant === 'fc' || input.imageShape === undefined ? 'fc' : 'conv';
    if (this.o.variant === 'conv' && input.imageShape === undefined) {
      throw new DeepClusteringError(
        'BAD_OPTION',
        'The conv variant needs image rows: pass an input with imageShape [height, width, channels], or use variant "fc".',
      );
    }
    if (variant === 'conv') {
      const [h, w, c] = input.imageShape as readonly [number, number, number];
      if (h * w * c !== input.cols) {
        throw new DeepClusteringError(
          'DIMENSION_MISMATCH',
          `imageShape ${h}×${w}×${c} = ${h * w * c} values but rows have ${input.cols}.`,
        );
      }
      if (h < 16 || w < 16) {
        throw new DeepClusteringError(
          'BAD_OPTION',
          `The conv variant needs images of at least 16×16, got ${h}×${w}.`,
        );
      }
    }
    return {
      variant,
      inputDim: input.cols,
      ...(variant === 'conv' ? { imageShape: input.imageShape } : {}),
      k: this.o.k,
      hiddenUnits: this.o.hiddenUnits,
      convFilters: this.o.convFilters,
      convDenseUnits: this.o.convDenseUnits,
    };
  }

  /** Trains a network on `input` and returns the fitted model (the caller disposes it). */
  async fit(input: DdcInput, fitOptions: DdcFitOptions = {}): Promise<DdcModel> {
    validateData(input.data, input.rows, input.cols, this.o.k);
    if (input.rows < 2) throw new DeepClusteringError('EMPTY_DATA', 'DDC needs at least 2 rows.');
    if (fitOptions.monitorLabels !== undefined && fitOptions.monitorLabels.length !== input.rows) {
      throw new DeepClusteringError(
        'DIMENSION_MISMATCH',
        `monitorLabels has ${fitOptions.monitorLabels.length} labels for ${input.rows} rows.`,
      );
    }
    await ensureBackend(this.o.backend);
    const architecture = this.architectureFor(input);
    const batch = Math.min(this.o.batchSize, input.rows);
    const steps = Math.floor(input.rows / batch);
    const epochs = this.o.epochs ?? Math.ceil(this.o.iterations / steps);
    const learningRate = this.o.learningRate ?? (architecture.variant === 'fc' ? 1e-5 : 1e-3);

    let network: DdcNetwork | undefined;
    let adam: Adam | undefined;
    let rng: SeededRng;
    let history: DdcEpoch[] = [];
    let startEpoch = 0;
    try {
      if (fitOptions.resumeFrom !== undefined) {
        const restored = await this.restore(fitOptions.resumeFrom, architecture, input, learningRate);
        ({ network, adam, rng, history } = restored);
        startEpoch = history.length;
      } else {
        const init = SeededRng.fromSeed(this.o.seed);
        network = createNetwork(architecture, init);
        adam = new Adam(network.params, { learningRate });
        rng = SeededRng.fromSeed(this.o.seed ^ 0x5bd1e995);
      }
      const order = new Int32Array(input.rows);
      const xBatch = new Float32Array(batch * input.cols);
      for (let epoch = startEpoch; epoch < epochs; epoch++) {
        const started = performance.now();
        for (let i = 0; i < order.length; i++) order[i] = i;
        rng.shuffle(order);
        let lossSum = 0;
        const termSums = [0, 0, 0];
        for (let s = 0; s < steps; s++) {
          for (let r = 0; r < batch; r++) {
            const row = order[s * batch + r];
            xBatch.set(input.data.subarray(row * input.cols, (row + 1) * input.cols), r * input.cols);
          }
          const values = this.step(network, adam, xBatch, batch, input.cols);
          lossSum += values[0];
          for (let t = 0; t < 3; t++) termSums[t] += values[t + 1];
        }
        const seconds = (performance.now() - started) / 1000;
        const report: DdcEpoch = {
          epoch: epoch + 1,
          epochs,
          loss: lossSum / steps,
          terms: [termSums[0] / steps, termSums[1] / steps, termSums[2] / steps],
          seconds,
          ...(fitOptions.monitorLabels !== undefined
            ? { accuracy: monitorAccuracy(network, history, this.o, input, fitOptions.monitorLabels) }
            : {}),
        };
        history = [...history, report];
        if (fitOptions.checkpointPath !== undefined) {
          await this.writeCheckpoint(fitOptions.checkpointPath, network, adam, rng, history, input);
        }
        await fitOptions.onEpoch?.(report);
      }
      adam.dispose();
      adam = undefined;
      const model = new DdcModel(network, history, {
        relativeSigma: this.o.relativeSigma,
        scaling: this.o.lossScaling,
        batchSize: batch,
      });
      network = undefined;
      return model;
    } finally {
      adam?.dispose();
      if (network !== undefined) disposeNetwork(network);
    }
  }

  /** One Adam step on a batch; returns [loss, l1, l2, l3]. */
  private step(net: DdcNetwork, adam: Adam, xBatch: Float32Array, batch: number, cols: number): number[] {
    const x = tf.tensor2d(xBatch, [batch, cols]);
    let mean: tf.Tensor | undefined;
    let variance: tf.Tensor | undefined;
    let parts: tf.Scalar[] = [];
    const { value, grads } = tf.variableGrads(() => {
      const out = forward(net, x, true);
      mean = tf.keep(out.batchMean as tf.Tensor1D);
      variance = tf.keep(out.batchVar as tf.Tensor1D);
      const terms = ddcLoss(out.hidden, out.assignments, {
        relativeSigma: this.o.relativeSigma,
        scaling: this.o.lossScaling,
      });
      parts = [tf.keep(terms.l1), tf.keep(terms.l2), tf.keep(terms.l3)];
      return terms.loss;
    }, net.params);
    adam.apply(net.params.map((p) => grads[p.name]));
    tf.tidy(() => {
      // Running statistics as Lasagne keeps them: (1 − α)·running + α·batch, with the unbiased batch variance.
      const unbiased = tf.mul(variance as tf.Tensor, batch / Math.max(1, batch - 1));
      net.runningMean.assign(
        tf.add(tf.mul(net.runningMean, 1 - BN_MOMENTUM), tf.mul(mean as tf.Tensor, BN_MOMENTUM)),
      );
      net.runningVar.assign(tf.add(tf.mul(net.runningVar, 1 - BN_MOMENTUM), tf.mul(unbiased, BN_MOMENTUM)));
    });
    // One read-back per step instead of four.
    const packed = tf.stack([value, ...parts]);
    const values = Array.from(packed.dataSync());
    tf.dispose([
      packed,
      x,
      value,
      ...Object.values(grads),
      mean as tf.Tensor,
      variance as tf.Tensor,
      ...parts,
    ]);
    return values;
  }

  private async writeCheckpoint(
    path: string,
    net: DdcNetwork,
    adam: Adam,
    rng: SeededRng,
    history: DdcEpoch[],
    input: DdcInput,
  ): Promise<void> {
    const specs = parameterSpecs(net.architecture);
    const moments: NamedArray[] = [];
    adam.m.forEach((m, i) =>
      moments.push({ name: `adam/m/${specs[i].name}`, shape: m.shape, values: m.dataSync() as Float32Array }),
    );
    adam.v.forEach((v, i) =>
      moments.push({ name: `adam/v/${specs[i].name}`, shape: v.shape, values: v.dataSync() as Float32Array }),
    );
    await writeCheckpointFile(
      path,
      {
        format: DDC_FORMAT,
        kind: 'checkpoint',
        architecture: net.architecture,
        options: this.o,
        rows: input.rows,
        adamStep: adam.step,
        rngState: rng.state(),
        history,
        loss: {
          relativeSigma: this.o.relativeSigma,
          scaling: this.o.lossScaling,
          batchSize: Math.min(this.o.batchSize, input.rows),
        },
      },
      [...networkArrays(net), ...moments],
    );
  }

  private async restore(
    path: string,
    architecture: DdcArchitecture,
    input: DdcInput,
    learningRate: number,
  ): Promise<{ network: DdcNetwork; adam: Adam; rng: SeededRng; history: DdcEpoch[] }> {
    const { header, arrays } = await readCheckpointFile(path);
    if (header.format !== DDC_FORMAT || header.kind !== 'checkpoint') {
      throw new DeepClusteringError(
        'CHECKPOINT_MISMATCH',
        `"${path}" is not a DDC training checkpoint (format ${String(header.format)}, kind ${String(header.kind)}).`,
      );
    }
    const saved = header.architecture as DdcArchitecture;
    const diff = architectureDifference(saved, architecture);
    if (diff !== undefined) {
      throw new DeepClusteringError(
        'CHECKPOINT_MISMATCH',
        `"${path}" is from another architecture: ${diff}.`,
      );
    }
    if (header.rows !== input.rows) {
      throw new DeepClusteringError(
        'CHECKPOINT_MISMATCH',
        `"${path}" was trained on ${String(header.rows)} rows; the input has ${input.rows}.`,
      );
    }
    const network = networkFromArrays(architecture, arrays, path);
    const adam = new Adam(network.params, { learningRate });
    const specs = parameterSpecs(architecture);
    specs.forEach((s, i) => {
      const m = arrays.get(`adam/m/${s.name}`);
      const v = arrays.get(`adam/v/${s.name}`);
      if (m === undefined || v === undefined) {
        adam.dispose();
        disposeNetwork(network);
        throw new DeepClusteringError(
          'CHECKPOINT_MISMATCH',
          `"${path}" lacks the Adam moments of ${s.name}.`,
        );
      }
      tf.tidy(() => {
        adam.m[i].assign(tf.tensor(m.values, s.shape));
        adam.v[i].assign(tf.tensor(v.values, s.shape));
      });
    });
    adam.step = header.adamStep as number;
    return {
      network,
      adam,
      rng: SeededRng.fromState(header.rngState as number[]),
      history: header.history as DdcEpoch[],
    };
  }
}

/** Names the first field in which two architectures differ, or undefined when they are the same. */
export function architectureDifference(saved: DdcArchitecture, wanted: DdcArchitecture): string | undefined {
  const fields: (keyof DdcArchitecture)[] = [
    'variant',
    'inputDim',
    'imageShape',
    'k',
    'hiddenUnits',
    'convFilters',
    'convDenseUnits',
  ];
  for (const f of fields) {
    const a = JSON.stringify(saved[f]);
    const b = JSON.stringify(wanted[f]);
    if (a !== b) return `${f} is ${a ?? 'absent'} there but ${b ?? 'absent'} here`;
  }
  return undefined;
}

function monitorAccuracy(
  net: DdcNetwork,
  history: DdcEpoch[],
  o: Resolved,
  input: DdcInput,
  labels: Int32Array,
): number {
  // A temporary model view over the live network (not disposed here: the network stays in training).
  const view = new DdcModel(net, history, {
    relativeSigma: o.relativeSigma,
    scaling: o.lossScaling,
    batchSize: o.batchSize,
  });
  const predicted = view.predict(input);
  const keep: number[] = [];
  for (let i = 0; i < labels.length; i++) if (labels[i] >= 0) keep.push(i);
  return clusteringAccuracy(
    Int32Array.from(keep, (i) => labels[i]),
    Int32Array.from(keep, (i) => predicted[i]),
  );
}

function resolve(options: DdcOptions): Resolved {
  const k = options.k;
  if (!Number.isInteger(k) || k < 2)
    throw new DeepClusteringError('BAD_K', `k must be an integer ≥ 2, got ${k}.`);
  const variant = options.variant ?? 'auto';
  const positiveInt = (name: string, v: number | undefined, fallback: number): number => {
    const value = v ?? fallback;
    if (!Number.isInteger(value) || value < 1) {
      throw new DeepClusteringError('BAD_OPTION', `${name} must be a positive integer, got ${value}.`);
    }
    return value;
  };
  const hiddenUnits = [...(options.hiddenUnits ?? [200, 200, 500])];
  if (hiddenUnits.length < 1 || hiddenUnits.some((u) => !Number.isInteger(u) || u < 1)) {
    throw new DeepClusteringError(
      'BAD_OPTION',
      `hiddenUnits must be one or more positive integers, got [${hiddenUnits.join(', ')}].`,
    );
  }
  const convFilters: [number, number] = [
    positiveInt('convFilters[0]', options.convFilters?.[0], 32),
    positiveInt('convFilters[1]', options.convFilters?.[1], 64),
  ];
  const relativeSigma = options.relativeSigma ?? 0.15;
  if (!(relativeSigma > 0) || !Number.isFinite(relativeSigma)) {
    throw new DeepClusteringError(
      'BAD_OPTION',
      `relativeSigma must be a positive number, got ${relativeSigma}.`,
    );
  }
  const learningRate = options.learningRate;
  if (learningRate !== undefined && !(learningRate > 0 && Number.isFinite(learningRate))) {
    throw new DeepClusteringError(
      'BAD_OPTION',
      `learningRate must be a positive number, got ${learningRate}.`,
    );
  }
  const seed = options.seed ?? 0;
  if (!Number.isInteger(seed))
    throw new DeepClusteringError('BAD_OPTION', `seed must be an integer, got ${seed}.`);
  return {
    k,
    variant,
    hiddenUnits,
    convFilters,
    convDenseUnits: positiveInt('convDenseUnits', options.convDenseUnits, 100),
    learningRate,
    batchSize: positiveInt('batchSize', options.batchSize, 100),
    iterations: positiveInt('iterations', options.iterations, 70_000),
    epochs: options.epochs === undefined ? undefined : positiveInt('epochs', options.epochs, 1),
    relativeSigma,
    lossScaling: options.lossScaling ?? 'pairs',
    seed,
    backend: options.backend ?? 'auto',
  };
}
