import type { AsymmetryRow } from '../../experiments/asymmetry.js';
import type { FeatureCeilingResult } from '../../experiments/feature-ceiling.js';
import type { FeatureSpaceStudy, WithinDomainResult } from '../../feature-spaces/study-result.js';
import type { FoolingResult } from '../../experiments/fooling.js';
import type { MissingDataResult } from '../../experiments/missing-data.js';
import type { RelationsResult } from '../../experiments/relations.js';

/** One `EVAL_ONLY` re-run of some experiments after the full run. */
export interface Rerun {
  experiments: string[];
  date: string;
  machine: string;
  seconds: number;
}

/** docs/results/run.json: the last full run and the partial re-runs since. */
export interface RunInfo {
  triplets: number;
  seed: number;
  splitSeed: number;
  seconds: number;
  date: string;
  machine?: string;
  reruns?: Rerun[];
}

/** Everything docs/RESULTS.md is written from: the experiments' saved JSON and the run's details. */
export interface ReportInput {
  triplets: number;
  seed: number;
  splitSeed: number;
  seconds: number;
  relations: RelationsResult;
  asymmetry: AsymmetryRow[];
  /** null when the solvent table was not found. */
  missing: MissingDataResult | null;
  fooling: FoolingResult;
  /** Date and machine of the full run (default: now, this machine). */
  generated?: { date: string; machine: string };
  /** Experiments re-run alone since the full run (EVAL_ONLY). */
  reruns?: Rerun[];
  /** Supervised ceiling on flowers4 (absent when the Python peer is not installed). */
  ceiling?: FeatureCeilingResult;
  /** Feature-space study (eval/clusterflow/feature-spaces.ts), when it was run. */
  featureSpaces?: FeatureSpaceStudy;
  /** Within-domain relations, space × reader (eval/clusterflow/within-domain.ts), when it was run. */
  withinDomain?: WithinDomainResult;
}
