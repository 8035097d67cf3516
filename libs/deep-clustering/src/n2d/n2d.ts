import * as tf from '@tensorflow/tfjs';
import type { BackendPreference } from '@clusterflow/extractors';
import { UMAP } from 'umap-js';
import { DeepClusteringError } from '../data/deep-clustering-error.js';
import { validateData } from '../data/validate-data.js';
import { Adam } from '../ddc/adam.js';
import { readCheckpointFile, writeCheckpointFile, type NamedArray } from '../ddc/checkpoint-file.js';
import type { DdcInput } from '../ddc/ddc-input.js';
import { ensureBackend } from '../ddc/ensure-backend.js';
import { SeededRng } from '../ddc/seeded-rng.js';
import { GaussianMixture } from '../gmm/gaussian-mixture.js';
import type { CovarianceType } from '../gmm/gaussian-mixture-model.js';
import {
  autoencoderArrays,
  autoencoderFromArrays,
  autoencoderSpecs,
  createAutoencoder,
  disposeAutoencoder,
  encodeRows,
  reconstruct,
  type Autoencoder,
  type AutoencoderArchitecture,
} from './autoencoder.js';
import type { N2dEpoch, N2dProgress } from './n2d-epoch.js';
import { N2D_FORMAT, N2DModel } from './n2d-model.js';

/** Options of {@link N2D}; defaults are those of McConville et al. (2020) for MNIST. */
export interface N2dOptions {
  /** Number of clusters (2 ≤ k ≤ rows). */
  readonly k: number;
  /** Encoder hidden widths; the decoder mirrors them. Default [500, 500, 2000]. */
  readonly hiddenUnits?: readonly number[];
  /** Width of the autoencoder's code. Default k. */
  readonly codeDim?: number;
  /** Autoencoder epochs (reconstruction MSE). Default 1000 (the paper's pre-training). */
  readonly epochs?: number;
  /** Rows per autoencoder batch. Default 256. */
  readonly batchSize?: number;
  /** Adam step size. Default 1e-3. */
  readonly learningRate?: number;
  /** UMAP neighbours. Default 20. */
  readonly umapNeighbors?: number;
  /** UMAP minimum distance. Default 0 (tight clumps suit clustering). */
  readonly umapMinDist?: number;
  /** UMAP output dimensions. Default k. */
  readonly umapComponents?: number;
  /** UMAP optimisation epochs. Default umap-js's: 500 up to 10,000 rows, 200 above. */
  readonly umapEpochs?: number;
  /** Covariance of the mixture on the UMAP embedding. Default `full`. */
  readonly covarianceType?: CovarianceType;
  /** Seed of the weights, batch order, UMAP and the mixture's start. Default 0. */
  readonly seed?: number;
  /** TF.js backend, chosen by the extractors' `selectBackend`. Default `auto`. */
  readonly backend?: BackendPreference;
}

/** Options of {@link N2D.fit}. */
export interface N2dFitOptions {
  /** Called after every autoencoder epoch, during UMAP, and after the mixture. */
  readonly onProgress?: (progress: N2dProgress) => void | Promise<void>;
  /** Write the autoencoder's training state here after every epoch, atomically. */
  readonly checkpointPath?: string;
  /** Continue the autoencoder from this checkpoint (same options and data); may train it to more epochs. */
  readonly resumeFrom?: string;
}

interface Resolved {
  k: number;
  hiddenUnits: number[];
  codeDim: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  umapNeighbors: number;
  umapMinDist: number;
  umapComponents: number;
  umapEpochs: number | undefined;
  covarianceType: CovarianceType;
  seed: number;
  backend: BackendPreference;
}

/**
 * N2D (McConville et al., "N2D: (Not Too) Deep Clustering via Clustering the Local Manifold of an Autoencoded
 * Embedding", ICPR 2020): an autoencoder trained on reconstruction, UMAP of its code, and a Gaussian mixture on
 * the UMAP embedding. `new N2D(options).fit(input)` → an {@link N2DModel}.
 */
export class N2D {
  private readonly o: Resolved;

  /** @param options - see {@link N2dOptions}. */
  constructor(options: N2dOptions) {
    this.o = resolve(options);
  }

  /** The autoencoder's layer sizes for rows of `inputDim` values. */
  architectureFor(inputDim: number): AutoencoderArchitecture {
    return { inputDim, hiddenUnits: this.o.hiddenUnits, codeDim: this.o.codeDim };
  }

  /** Trains the autoencoder, embeds its codes with UMAP and fits the mixture; the caller disposes the model. */
  async fit(input: DdcInput, fitOptions: N2dFitOptions = {}): Promise<N2DModel> {
    validateData(input.data, input.rows, input.cols, this.o.k);
    if (input.rows <= this.o.umapNeighbors) {
      throw new DeepClusteringError(
        'BAD_OPTION',
        `UMAP needs more rows than umapNeighbors (${this.o.umapNeighbors}); the input has ${input.rows}.`,
      );
    }
    await ensureBackend(this.o.backend);
    const architecture = this.architectureFor(input.cols);
    let net: Autoencoder | undefined;
    let adam: Adam | undefined;
    try {
      let rng: SeededRng;
      let history: N2dEpoch[] = [];
      if (fitOptions.resumeFrom !== undefined) {
        ({ net, adam, rng, history } = await this.restore(fitOptions.resumeFrom, architecture, input.rows));
      } else {
        net = createAutoencoder(architecture, SeededRng.fromSeed(this.o.seed));
        adam = new Adam(net.params, { learningRate: this.o.learningRate });
        rng = SeededRng.fromSeed(this.o.seed ^ 0x5bd1e995);
      }
      if (history.length > this.o.epochs) {
        throw new DeepClusteringError(
          'CHECKPOINT_MISMATCH',
          `"${String(fitOptions.resumeFrom)}" has ${history.length} autoencoder epochs, more than the ${this.o.epochs} asked for.`,
        );
      }
      history = await this.train(net, adam, rng, history, input, fitOptions);
      adam.dispose();
      adam = undefined;
      const model = await this.cluster(net, history, input, fitOptions);
      net = undefined;
      return model;
    } finally {
      adam?.dispose();
      if (net !== undefined) disposeAutoencoder(net);
    }
  }

  private async train(
    net: Autoencoder,
    adam: Adam,
    rng: SeededRng,
    startHistory: N2dEpoch[],
    input: DdcInput,
    fitOptions: N2dFitOptions,
  ): Promise<N2dEpoch[]> {
    let history = startHistory;
    const batch = Math.min(this.o.batchSize, input.rows);
    const steps = Math.ceil(input.rows / batch);
    const order = new Int32Array(input.rows);
    for (let epoch = history.length; epoch < this.o.epochs; epoch++) {
      const started = performance.now();
      for (let i = 0; i < order.length; i++) order[i] = i;
      rng.shuffle(order);
      let lossSum = 0;
      for (let s = 0; s < steps; s++) {
        // The last batch keeps the remainder, so every row is seen once per epoch.
        const size = Math.min(batch, input.rows - s * batch);
        const xb = new Float32Array(size * input.cols);
        for (let r = 0; r < size; r++) {
          const row = order[s * batch + r];
          xb.set(input.data.subarray(row * input.cols, (row + 1) * input.cols), r * input.cols);
        }
        const x = tf.tensor2d(xb, [size, input.cols]);
        const { value, grads } = tf.variableGrads(
          () => tf.mean(tf.square(tf.sub(reconstruct(net, x), x))) as tf.Scalar,
          net.params,
        );
        adam.apply(net.params.map((p) => grads[p.name]));
        lossSum += value.dataSync()[0] * size;
        tf.dispose([x, value, ...Object.values(grads)]);
      }
      const report: N2dEpoch = {
        epoch: epoch + 1,
        epochs: this.o.epochs,
        loss: lossSum / input.rows,
        seconds: (performance.now() - started) / 1000,
      };
      history = [...history, report];
      if (fitOptions.checkpointPath !== undefined) {
        await this.writeCheckpoint(fitOptions.checkpointPath, net, adam, rng, history, input.rows);
      }
      await fitOptions.onProgress?.({
        stage: 'autoencoder',
        step: report.epoch,
        steps: this.o.epochs,
        loss: report.loss,
        seconds: report.seconds,
      });
    }
    return history;
  }

  private async cluster(
    net: Autoencoder,
    history: N2dEpoch[],
    input: DdcInput,
    fitOptions: N2dFitOptions,
  ): Promise<N2DModel> {
    const d = this.o.codeDim;
    const codes = encodeRows(net, input.data, input.rows, input.cols);
    const rows: number[][] = [];
    for (let i = 0; i < input.rows; i++) rows.push(Array.from(codes.subarray(i * d, (i + 1) * d)));
    const umapRng = SeededRng.fromSeed(this.o.seed ^ 0x2545f491);
    const umap = new UMAP({
      nComponents: this.o.umapComponents,
      nNeighbors: this.o.umapNeighbors,
      minDist: this.o.umapMinDist,
      ...(this.o.umapEpochs === undefined ? {} : { nEpochs: this.o.umapEpochs }),
      random: () => umapRng.next(),
    });
    const started = performance.now();
    const epochs = umap.initializeFit(rows);
    for (let e = 0; e < epochs; e++) {
      umap.step();
      if ((e + 1) % 10 === 0 || e + 1 === epochs) {
        await fitOptions.onProgress?.({
          stage: 'umap',
          step: e + 1,
          steps: epochs,
          seconds: (performance.now() - started) / 1000,
        });
      }
    }
    const c = this.o.umapComponents;
    const embedding = new Float32Array(input.rows * c);
    umap.getEmbedding().forEach((row, i) => embedding.set(row, i * c));
    const gmmStarted = performance.now();
    const gmm = new GaussianMixture({
      k: this.o.k,
      covarianceType: this.o.covarianceType,
      seed: this.o.seed,
    }).fit(embedding, input.rows, c);
    const assignments = gmm.predict(embedding, input.rows);
    await fitOptions.onProgress?.({
      stage: 'gmm',
      step: 1,
      steps: 1,
      loss: gmm.logLikelihood,
      seconds: (performance.now() - gmmStarted) / 1000,
    });
    return new N2DModel(net, {
      codes,
      embedding,
      components: c,
      neighbours: this.o.umapNeighbors,
      assignments,
      gmm,
      history,
    });
  }

  private async writeCheckpoint(
    path: string,
    net: Autoencoder,
    adam: Adam,
    rng: SeededRng,
    history: N2dEpoch[],
    rows: number,
  ): Promise<void> {
    const specs = autoencoderSpecs(net.architecture);
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
        format: N2D_FORMAT,
        kind: 'checkpoint',
        architecture: net.architecture,
        batchSize: this.o.batchSize,
        learningRate: this.o.learningRate,
        seed: this.o.seed,
        rows,
        adamStep: adam.step,
        rngState: rng.state(),
        history,
      },
      [...autoencoderArrays(net), ...moments],
    );
  }

  private async restore(
    path: string,
    architecture: AutoencoderArchitecture,
    rows: number,
  ): Promise<{ net: Autoencoder; adam: Adam; rng: SeededRng; history: N2dEpoch[] }> {
    const { header, arrays } = await readCheckpointFile(path);
    if (header.format !== N2D_FORMAT || header.kind !== 'checkpoint') {
      throw new DeepClusteringError(
        'CHECKPOINT_MISMATCH',
        `"${path}" is not an N2D training checkpoint (format ${String(header.format)}, kind ${String(header.kind)}).`,
      );
    }
    const saved = header.architecture as AutoencoderArchitecture;
    for (const f of ['inputDim', 'hiddenUnits', 'codeDim'] as const) {
      const a = JSON.stringify(saved[f]);
      const b = JSON.stringify(architecture[f]);
      if (a !== b) {
        throw new DeepClusteringError(
          'CHECKPOINT_MISMATCH',
          `"${path}" is from another architecture: ${f} is ${a ?? 'absent'} there but ${b} here.`,
        );
      }
    }
    for (const [f, here] of [
      ['rows', rows],
      ['batchSize', this.o.batchSize],
      ['learningRate', this.o.learningRate],
      ['seed', this.o.seed],
    ] as const) {
      if (header[f] !== here) {
        throw new DeepClusteringError(
          'CHECKPOINT_MISMATCH',
          `"${path}" was trained with ${f} ${String(header[f])}; this run has ${here}.`,
        );
      }
    }
    const net = autoencoderFromArrays(architecture, arrays, path);
    const adam = new Adam(net.params, { learningRate: this.o.learningRate });
    const specs = autoencoderSpecs(architecture);
    for (const [i, s] of specs.entries()) {
      const m = arrays.get(`adam/m/${s.name}`);
      const v = arrays.get(`adam/v/${s.name}`);
      if (m === undefined || v === undefined) {
        adam.dispose();
        disposeAutoencoder(net);
        throw new DeepClusteringError(
          'CHECKPOINT_MISMATCH',
          `"${path}" lacks the Adam moments of ${s.name}.`,
        );
      }
      tf.tidy(() => {
        adam.m[i].assign(tf.tensor(m.values, s.shape));
        adam.v[i].assign(tf.tensor(v.values, s.shape));
      });
    }
    adam.step = header.adamStep as number;
    return {
      net,
      adam,
      rng: SeededRng.fromState(header.rngState as number[]),
      history: header.history as N2dEpoch[],
    };
  }
}

function resolve(o: N2dOptions): Resolved {
  if (!Number.isInteger(o.k) || o.k < 2) {
    throw new DeepClusteringError('BAD_K', `k must be an integer ≥ 2, got ${o.k}.`);
  }
  const positiveInt = (name: string, v: number): number => {
    if (!Number.isInteger(v) || v < 1) {
      throw new DeepClusteringError('BAD_OPTION', `${name} must be a positive integer, got ${v}.`);
    }
    return v;
  };
  const hiddenUnits = [...(o.hiddenUnits ?? [500, 500, 2000])];
  if (hiddenUnits.some((u) => !Number.isInteger(u) || u < 1)) {
    throw new DeepClusteringError(
      'BAD_OPTION',
      `hiddenUnits must be positive integers, got [${hiddenUnits.join(', ')}].`,
    );
  }
  const learningRate = o.learningRate ?? 1e-3;
  if (!(learningRate > 0) || !Number.isFinite(learningRate)) {
    throw new DeepClusteringError(
      'BAD_OPTION',
      `learningRate must be a positive number, got ${learningRate}.`,
    );
  }
  const umapMinDist = o.umapMinDist ?? 0;
  if (!(umapMinDist >= 0) || !Number.isFinite(umapMinDist)) {
    throw new DeepClusteringError('BAD_OPTION', `umapMinDist must be a number ≥ 0, got ${umapMinDist}.`);
  }
  const seed = o.seed ?? 0;
  if (!Number.isInteger(seed))
    throw new DeepClusteringError('BAD_OPTION', `seed must be an integer, got ${seed}.`);
  const covarianceType = o.covarianceType ?? 'full';
  if (covarianceType !== 'full' && covarianceType !== 'diag') {
    throw new DeepClusteringError(
      'BAD_OPTION',
      `covarianceType must be "full" or "diag", got "${String(covarianceType)}".`,
    );
  }
  return {
    k: o.k,
    hiddenUnits,
    codeDim: positiveInt('codeDim', o.codeDim ?? o.k),
    epochs: positiveInt('epochs', o.epochs ?? 1000),
    batchSize: positiveInt('batchSize', o.batchSize ?? 256),
    learningRate,
    umapNeighbors: positiveInt('umapNeighbors', o.umapNeighbors ?? 20),
    umapMinDist,
    umapComponents: positiveInt('umapComponents', o.umapComponents ?? o.k),
    umapEpochs: o.umapEpochs === undefined ? undefined : positiveInt('umapEpochs', o.umapEpochs),
    covarianceType,
    seed,
    backend: o.backend ?? 'auto',
  };
}
