/** One feature space on one photo set: held-out accuracies and cost (docs/results/feature-spaces.json). */
export interface FeatureSpaceRow {
  set: string;
  space: string;
  dims: number;
  /** 1-NN (cosine) accuracy on the test half, neighbours from the train half. */
  nn1: number;
  /** 5-NN majority vote (ties → nearest) accuracy on the test half. */
  knn5: number;
  /** Logistic-regression accuracy on the test half (C chosen by CV inside the train half). */
  probe: number;
  probeC: number;
  /** Decode + forward ms per photo, summed over the models and views the space needs (wasm, this machine). */
  msPerImage: number;
  imagesPerSecond: number;
  train: number;
  test: number;
}

/** The whole study as saved. */
export interface FeatureSpaceStudy {
  date: string;
  splitSeed: number;
  trainShare: number;
  backend: string;
  candidates: { name: string; taps: string[]; tta: boolean }[];
  rows: FeatureSpaceRow[];
}
