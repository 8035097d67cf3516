/** One stage report of an N2D fit, as passed to `onProgress`. */
export interface N2dProgress {
  /** `autoencoder` (after each epoch), `umap` (every 10 optimisation epochs and the last), `gmm` (once). */
  readonly stage: 'autoencoder' | 'umap' | 'gmm';
  /** 1-based step within the stage (autoencoder epoch, UMAP epoch; 1 for gmm). */
  readonly step: number;
  /** Steps of the stage. */
  readonly steps: number;
  /** Autoencoder: mean reconstruction MSE of the epoch; gmm: mean log-likelihood per row. */
  readonly loss?: number;
  /** Wall time of the stage so far (autoencoder: of this epoch), seconds. */
  readonly seconds: number;
}

/** One autoencoder epoch, as kept in the model's `history`. */
export interface N2dEpoch {
  /** 1-based epoch number. */
  readonly epoch: number;
  /** Total autoencoder epochs of the run. */
  readonly epochs: number;
  /** Mean reconstruction MSE over the epoch's batches. */
  readonly loss: number;
  /** Wall time of the epoch, seconds. */
  readonly seconds: number;
}
