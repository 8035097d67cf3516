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

/** One dataset × space × reader of the within-domain relations (docs/results/within-domain.json). */
export interface WithinDomainRow {
  dataset: string;
  space: string;
  /** The world head the world was built in: 'none' (the space itself) or the head's loss. Absent in older runs. */
  head?: string;
  /** Seconds to train the head (0 without one); included in worldBuildSeconds. */
  headTrainSeconds?: number;
  /** 'posterior' (today's default reader) or the calibrated reader with its class distributions' source. */
  reader: string;
  labels: number;
  worldPhotos: number;
  testPhotos: number;
  triplets: number;
  /** Share right per task on held-out triplets (SSD: relation and odd image); absent when the task cannot be formed. */
  accuracy: Partial<Record<'SET' | 'SAME_SAME_DIFFERENT' | 'ANTISET', number>>;
  /** True (outer) × answered (inner) relation counts. */
  confusion: Record<string, Record<string, number>>;
  /** Of SSD triplets answered SSD, the share with the right odd image. */
  oddWhenSsd: number | null;
  worldBuildSeconds: number;
  readerFitSeconds: number;
  /** The reader's own check on the world's held-out examples (calibrateRelationReader). */
  readerHeldOut: Record<string, number> | null;
}

/** The whole within-domain run as saved. */
export interface WithinDomainResult {
  date: string;
  seed: number;
  splitSeed: number;
  triplets: number;
  /** Per space/set: max abs difference between the cache-built rows and createFeatureSpaceExtractor's. */
  extractorCheck: Record<string, number>;
  /** Options every world head was trained with (loss aside). */
  headOptions?: Record<string, unknown>;
  /** Per dataset/space: how the head loss was chosen on the build half. */
  headChoice?: Record<string, HeadChoice>;
  rows: WithinDomainRow[];
}

/** The head-loss choice for one world: 1-NN accuracy on a split of its build half, per candidate. */
export interface HeadChoice {
  /** Rows the candidates were trained on / measured on (both inside the build half). */
  fit: number;
  check: number;
  /** 1-NN accuracy of the check rows: the plain space (baseline) and each head loss. */
  accuracy: Record<string, number>;
  /** The loss with the best accuracy. */
  chosen: string;
}
