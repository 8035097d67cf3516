import { DeepClusteringError } from '../data/deep-clustering-error.js';
import { validateRows } from '../data/validate-data.js';
import { readCheckpointFile, writeCheckpointFile } from '../ddc/checkpoint-file.js';
import type { DdcInput } from '../ddc/ddc-input.js';
import { GaussianMixtureModel, type GaussianMixtureState } from '../gmm/gaussian-mixture-model.js';
import {
  autoencoderArrays,
  autoencoderFromArrays,
  disposeAutoencoder,
  encodeRows,
  type Autoencoder,
  type AutoencoderArchitecture,
} from './autoencoder.js';
import type { N2dEpoch } from './n2d-epoch.js';

/** Format tag in every saved N2D model and checkpoint header. */
export const N2D_FORMAT = 'clusterflow-n2d/1';

/** What a fitted N2D model is made of besides the autoencoder's tensors. */
export interface N2dModelParts {
  /** Training rows' codes (rows × codeDim): the neighbours of out-of-sample rows. */
  readonly codes: Float32Array;
  /** UMAP embedding of the training rows (rows × components). */
  readonly embedding: Float32Array;
  /** UMAP components. */
  readonly components: number;
  /** Neighbours used by UMAP and by the out-of-sample extension. */
  readonly neighbours: number;
  /** Cluster of every training row (the mixture's arg-max on `embedding`). */
  readonly assignments: Int32Array;
  /** The mixture fitted on the embedding. */
  readonly gmm: GaussianMixtureModel;
  /** One entry per autoencoder epoch. */
  readonly history: readonly N2dEpoch[];
}

/**
 * A fitted N2D pipeline (autoencoder → UMAP → Gaussian mixture). `assignments` and `embedding` are the fit's own
 * results for the training rows; `encode`, `transform` and `predict` handle any rows: new rows are placed in the
 * UMAP space at the weighted mean of their nearest training rows' embeddings (nearest by code), the start
 * position UMAP's own transform uses, so `predict` on the training rows reproduces `assignments` up to ties.
 */
export class N2DModel {
  private disposed = false;

  /**
   * @param autoencoder - the trained network (owned: freed by `dispose`).
   * @param parts - embedding, mixture and history of the fit.
   */
  constructor(
    private readonly autoencoder: Autoencoder,
    private readonly parts: N2dModelParts,
  ) {}

  /** The autoencoder's layer sizes. */
  get architecture(): AutoencoderArchitecture {
    return this.autoencoder.architecture;
  }

  /** Number of clusters. */
  get k(): number {
    return this.parts.gmm.k;
  }

  /** Cluster of every training row, as found by the fit. */
  get assignments(): Int32Array {
    return this.parts.assignments;
  }

  /** UMAP embedding of the training rows (rows × `components`, row-major). */
  get embedding(): Float32Array {
    return this.parts.embedding;
  }

  /** Dimensions of the UMAP embedding. */
  get components(): number {
    return this.parts.components;
  }

  /** The Gaussian mixture fitted on the embedding. */
  get gmm(): GaussianMixtureModel {
    return this.parts.gmm;
  }

  /** One entry per autoencoder epoch. */
  get history(): readonly N2dEpoch[] {
    return this.parts.history;
  }

  /** Autoencoder codes of the rows (rows × codeDim, row-major). */
  encode(input: DdcInput): Float32Array {
    this.checkInput(input);
    return encodeRows(this.autoencoder, input.data, input.rows, input.cols);
  }

  /** Positions of the rows in the UMAP space (rows × `components`), by the out-of-sample rule of the class. */
  transform(input: DdcInput): Float32Array {
    const codes = this.encode(input);
    return this.placeCodes(codes, input.rows);
  }

  /** Cluster of every row. */
  predict(input: DdcInput): Int32Array {
    return this.parts.gmm.predict(this.transform(input), input.rows);
  }

  /** Posterior probability of every cluster for every row (rows × k). */
  predictProba(input: DdcInput): Float64Array {
    return this.parts.gmm.predictProba(this.transform(input), input.rows);
  }

  /** Writes the model (autoencoder weights, codes, embedding, mixture, history) to one file, atomically. */
  async save(path: string): Promise<void> {
    this.checkAlive();
    const p = this.parts;
    const n = p.assignments.length;
    await writeCheckpointFile(
      path,
      {
        format: N2D_FORMAT,
        kind: 'model',
        architecture: this.architecture,
        rows: n,
        components: p.components,
        neighbours: p.neighbours,
        gmm: p.gmm.state,
        history: p.history,
      },
      [
        ...autoencoderArrays(this.autoencoder),
        { name: 'codes', shape: [n, this.architecture.codeDim], values: p.codes },
        { name: 'embedding', shape: [n, p.components], values: p.embedding },
        { name: 'assignments', shape: [n], values: Float32Array.from(p.assignments) },
      ],
    );
  }

  /** Reads a model written by {@link N2DModel.save}. */
  static async load(path: string): Promise<N2DModel> {
    const { header, arrays } = await readCheckpointFile(path);
    if (header.format !== N2D_FORMAT || header.kind !== 'model') {
      throw new DeepClusteringError(
        'CHECKPOINT_UNREADABLE',
        `"${path}" is not a saved N2D model (format ${String(header.format)}, kind ${String(header.kind)}; expected ${N2D_FORMAT}, model).`,
      );
    }
    const architecture = header.architecture as AutoencoderArchitecture;
    const get = (name: string): Float32Array => {
      const a = arrays.get(name);
      if (a === undefined) {
        throw new DeepClusteringError('CHECKPOINT_UNREADABLE', `"${path}" lacks the array ${name}.`);
      }
      return a.values;
    };
    const codes = Float32Array.from(get('codes'));
    const embedding = Float32Array.from(get('embedding'));
    const assignments = Int32Array.from(get('assignments'));
    const gmm = GaussianMixtureModel.fromState(header.gmm as GaussianMixtureState);
    const autoencoder = autoencoderFromArrays(architecture, arrays, path);
    return new N2DModel(autoencoder, {
      codes,
      embedding,
      assignments,
      gmm,
      components: header.components as number,
      neighbours: header.neighbours as number,
      history: (header.history as N2dEpoch[]) ?? [],
    });
  }

  /** Frees the autoencoder's tensors; the model cannot be used afterwards. Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    disposeAutoencoder(this.autoencoder);
  }

  /**
   * Each code's position: the weighted mean of the embeddings of its `neighbours` nearest training codes, with
   * weights exp(−(dᵢ − d₁) / σ), σ = the mean of dᵢ − d₁ (UMAP's smooth-kNN shape without its binary search).
   */
  private placeCodes(codes: Float32Array, rows: number): Float32Array {
    const p = this.parts;
    const d = this.architecture.codeDim;
    const n = p.assignments.length;
    const m = Math.min(p.neighbours, n);
    const out = new Float32Array(rows * p.components);
    const bestD = new Float64Array(m);
    const bestI = new Int32Array(m);
    for (let r = 0; r < rows; r++) {
      bestD.fill(Infinity);
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let c = 0; c < d; c++) {
          const diff = codes[r * d + c] - p.codes[j * d + c];
          s += diff * diff;
        }
        if (s >= bestD[m - 1]) continue;
        let at = m - 1;
        while (at > 0 && bestD[at - 1] > s) {
          bestD[at] = bestD[at - 1];
          bestI[at] = bestI[at - 1];
          at--;
        }
        bestD[at] = s;
        bestI[at] = j;
      }
      const first = Math.sqrt(bestD[0]);
      let sigma = 0;
      for (let t = 0; t < m; t++) sigma += Math.sqrt(bestD[t]) - first;
      sigma = sigma / m || 1;
      let total = 0;
      for (let t = 0; t < m; t++) {
        const w = Math.exp(-(Math.sqrt(bestD[t]) - first) / sigma);
        total += w;
        for (let c = 0; c < p.components; c++) {
          out[r * p.components + c] += w * p.embedding[bestI[t] * p.components + c];
        }
      }
      for (let c = 0; c < p.components; c++) out[r * p.components + c] /= total;
    }
    return out;
  }

  private checkAlive(): void {
    if (this.disposed)
      throw new DeepClusteringError('DISPOSED', 'This N2D model was disposed; load or fit a new one.');
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
}
