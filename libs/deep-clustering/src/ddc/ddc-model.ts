import * as tf from '@tensorflow/tfjs';
import { DeepClusteringError } from '../data/deep-clustering-error.js';
import { validateRows } from '../data/validate-data.js';
import { readCheckpointFile, writeCheckpointFile, type NamedArray } from './checkpoint-file.js';
import type { DdcInput } from './ddc-input.js';
import { ddcLoss, type DdcLossScaling } from './ddc-loss.js';
import {
  disposeNetwork,
  forward,
  hiddenWidth,
  parameterSpecs,
  type DdcArchitecture,
  type DdcNetwork,
} from './ddc-network.js';

/** Format tag in every saved model and checkpoint header. */
export const DDC_FORMAT = 'clusterflow-ddc/1';

/** One epoch of training, as reported to `onEpoch` and kept in `history`. */
export interface DdcEpoch {
  /** 1-based epoch number. */
  readonly epoch: number;
  /** Total epochs of the run. */
  readonly epochs: number;
  /** Mean training loss over the epoch's batches. */
  readonly loss: number;
  /** Mean of the three terms [l1, l2, l3] over the epoch's batches. */
  readonly terms: readonly [number, number, number];
  /** Wall time of the epoch's training steps, seconds. */
  readonly seconds: number;
  /** Clustering accuracy of the whole data after the epoch, when monitoring labels were given. */
  readonly accuracy?: number;
}

/** Rows per forward pass at inference (memory only; results do not depend on it). */
const INFERENCE_ROWS = 250;

/**
 * A fitted DDC network: cluster assignments (`predict`), soft assignments, the hidden representation
 * (`transform`), its unsupervised loss, `save`/`load`, and `dispose` to free its tensors.
 */
export class DdcModel {
  private disposed = false;

  /**
   * @param network - the trained network (owned: freed by `dispose`).
   * @param history - one entry per trained epoch.
   * @param lossOptions - kernel rule used in training (for `loss`).
   */
  constructor(
    private readonly network: DdcNetwork,
    /** One entry per trained epoch. */
    readonly history: readonly DdcEpoch[],
    private readonly lossOptions: { relativeSigma: number; scaling: DdcLossScaling; batchSize: number },
  ) {}

  /** The network's layer sizes. */
  get architecture(): DdcArchitecture {
    return this.network.architecture;
  }

  /** Number of clusters. */
  get k(): number {
    return this.network.architecture.k;
  }

  /** Soft cluster assignments (rows × k, row-major, rows sum to 1). */
  predictProba(input: DdcInput): Float32Array {
    return this.run(input, this.k, (r) => r.assignments);
  }

  /** Hard cluster of every row: the arg-max of its soft assignment. */
  predict(input: DdcInput): Int32Array {
    const proba = this.predictProba(input);
    const k = this.k;
    const out = new Int32Array(input.rows);
    for (let i = 0; i < input.rows; i++) {
      let best = 0;
      for (let c = 1; c < k; c++) if (proba[i * k + c] > proba[i * k + best]) best = c;
      out[i] = best;
    }
    return out;
  }

  /** The last hidden layer's representation of every row (rows × hidden width, row-major). */
  transform(input: DdcInput): Float32Array {
    return this.run(input, hiddenWidth(this.architecture), (r) => r.hidden);
  }

  /**
   * The unsupervised DDC loss over `input` in inference mode, averaged over consecutive batches of the training
   * batch size (rows in their given order; a last batch of one row is skipped). DDC-VOTE ranks runs by it.
   */
  loss(input: DdcInput): number {
    this.checkInput(input);
    const b = this.lossOptions.batchSize;
    let total = 0;
    let batches = 0;
    for (let start = 0; start < input.rows; start += b) {
      const end = Math.min(input.rows, start + b);
      if (end - start < 2) break;
      const x = tf.tensor2d(input.data.subarray(start * input.cols, end * input.cols), [
        end - start,
        input.cols,
      ]);
      const out = forward(this.network, x, false);
      const terms = ddcLoss(out.hidden, out.assignments, {
        relativeSigma: this.lossOptions.relativeSigma,
        scaling: this.lossOptions.scaling,
      });
      total += terms.loss.dataSync()[0];
      batches++;
      tf.dispose([x, out.hidden, out.assignments, terms.loss, terms.l1, terms.l2, terms.l3]);
    }
    return total / batches;
  }

  /** Writes the model (architecture, weights, batch-norm statistics, history) to one file, atomically. */
  async save(path: string): Promise<void> {
    this.checkAlive();
    await writeCheckpointFile(
      path,
      {
        format: DDC_FORMAT,
        kind: 'model',
        architecture: this.architecture,
        history: this.history,
        loss: this.lossOptions,
      },
      networkArrays(this.network),
    );
  }

  /** Reads a model written by {@link DdcModel.save} (or a training checkpoint: its weights are used). */
  static async load(path: string): Promise<DdcModel> {
    const { header, arrays } = await readCheckpointFile(path);
    if (header.format !== DDC_FORMAT) {
      throw new DeepClusteringError(
        'CHECKPOINT_UNREADABLE',
        `"${path}" has format ${String(header.format)}, expected ${DDC_FORMAT}.`,
      );
    }
    const architecture = header.architecture as DdcArchitecture;
    const network = networkFromArrays(architecture, arrays, path);
    const loss = header.loss as { relativeSigma: number; scaling: DdcLossScaling; batchSize: number };
    return new DdcModel(network, (header.history as DdcEpoch[]) ?? [], loss);
  }

  /** Frees the model's tensors; the model cannot be used afterwards. Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    disposeNetwork(this.network);
  }

  private checkAlive(): void {
    if (this.disposed)
      throw new DeepClusteringError('DISPOSED', 'This DDC model was disposed; load or fit a new one.');
  }

  private checkInput(input: DdcInput): void {
    this.checkAlive();
    if (input.cols !== this.architecture.inputDim) {
      throw new DeepClusteringError(
        'DIMENSION_MISMATCH',
        `The model was trained on rows of ${this.architecture.inputDim} values; the input has ${input.cols}.`,
      );
    }
    validateRows(input.data, input.rows, input.cols, 'input');
  }

  private run(
    input: DdcInput,
    width: number,
    pick: (r: ReturnType<typeof forward>) => tf.Tensor2D,
  ): Float32Array {
    this.checkInput(input);
    const out = new Float32Array(input.rows * width);
    for (let start = 0; start < input.rows; start += INFERENCE_ROWS) {
      const end = Math.min(input.rows, start + INFERENCE_ROWS);
      const values = tf.tidy(() => {
        const x = tf.tensor2d(input.data.subarray(start * input.cols, end * input.cols), [
          end - start,
          input.cols,
        ]);
        return pick(forward(this.network, x, false));
      });
      out.set(values.dataSync(), start * width);
      values.dispose();
    }
    return out;
  }
}

/** The network's tensors as named arrays (parameters, then `bn/runningMean`, `bn/runningVar`). */
export function networkArrays(net: DdcNetwork): NamedArray[] {
  const specs = parameterSpecs(net.architecture);
  const arrays: NamedArray[] = net.params.map((p, i) => ({
    name: specs[i].name,
    shape: p.shape,
    values: p.dataSync() as Float32Array,
  }));
  arrays.push({
    name: 'bn/runningMean',
    shape: net.runningMean.shape,
    values: net.runningMean.dataSync() as Float32Array,
  });
  arrays.push({
    name: 'bn/runningVar',
    shape: net.runningVar.shape,
    values: net.runningVar.dataSync() as Float32Array,
  });
  return arrays;
}

/** Rebuilds a network from named arrays, checking every shape against the architecture. */
export function networkFromArrays(
  architecture: DdcArchitecture,
  arrays: Map<string, NamedArray>,
  source: string,
): DdcNetwork {
  const width = hiddenWidth(architecture);
  const wanted = [
    ...parameterSpecs(architecture).map((s) => ({ name: s.name, shape: s.shape })),
    { name: 'bn/runningMean', shape: [width] },
    { name: 'bn/runningVar', shape: [width] },
  ];
  for (const w of wanted) {
    const a = arrays.get(w.name);
    if (a === undefined || a.shape.join('×') !== w.shape.join('×')) {
      throw new DeepClusteringError(
        'CHECKPOINT_MISMATCH',
        `${source}: tensor ${w.name} is ${a === undefined ? 'missing' : a.shape.join('×')}, the architecture needs ${w.shape.join('×')}.`,
      );
    }
  }
  const get = (name: string): NamedArray => arrays.get(name) as NamedArray;
  const params = parameterSpecs(architecture).map((s) =>
    tf.tidy(() => tf.variable(tf.tensor(get(s.name).values, s.shape), true)),
  );
  return {
    architecture,
    params,
    runningMean: tf.tidy(() => tf.variable(tf.tensor1d(get('bn/runningMean').values), false)),
    runningVar: tf.tidy(() => tf.variable(tf.tensor1d(get('bn/runningVar').values), false)),
  };
}
