import { DeepClusteringError } from '../data/deep-clustering-error.js';
import { DDC, type DdcFitOptions, type DdcOptions } from '../ddc/ddc.js';
import type { DdcInput } from '../ddc/ddc-input.js';
import type { DdcEpoch } from '../ddc/ddc-model.js';
import type { DdcModel } from '../ddc/ddc-model.js';
import { voteClusterings } from './vote-clusterings.js';

/** Options of {@link DDCVote}: a DDC configuration plus the ensemble's size. */
export interface DdcVoteOptions extends Omit<DdcOptions, 'seed'> {
  /** Seeds of the independent runs. Default: 20 runs (the paper's), seeds 0..19. */
  readonly seeds?: readonly number[];
  /** How many lowest-loss runs vote. Default 3 (the paper's). */
  readonly top?: number;
}

/** One finished run of the ensemble. */
export interface DdcVoteRun {
  /** Seed of the run. */
  readonly seed: number;
  /** Unsupervised loss of the fitted model over the whole input (see `DdcModel.loss`). */
  readonly loss: number;
  /** Hard assignments of the run. */
  readonly assignments: Int32Array;
  /** Per-epoch history of the run. */
  readonly history: readonly DdcEpoch[];
}

/** Outcome of {@link DDCVote.fit}. */
export interface DdcVoteResult {
  /** The voted clustering (DDC-VOTE). */
  readonly assignments: Int32Array;
  /** The lowest-loss run's clustering (the paper's "DDC" figure: best run by the unsupervised loss). */
  readonly bestAssignments: Int32Array;
  /** Every run, in seed order. */
  readonly runs: readonly DdcVoteRun[];
  /** Indices into `runs` of the voters, lowest loss first. */
  readonly selected: readonly number[];
  /** The lowest-loss run's model (the caller disposes it). */
  readonly bestModel: DdcModel;
}

/** Options of {@link DDCVote.fit}. */
export interface DdcVoteFitOptions extends Pick<DdcFitOptions, 'monitorLabels'> {
  /** Called after each epoch of each run. */
  readonly onEpoch?: (seed: number, epoch: DdcEpoch) => void | Promise<void>;
  /** Called after each run. */
  readonly onRun?: (run: DdcVoteRun) => void | Promise<void>;
}

/**
 * DDC-VOTE: several DDC runs with different seeds; the run with the lowest unsupervised loss is "DDC", and the
 * `top` lowest-loss runs, aligned to it by the Hungarian method, vote row by row (see {@link voteClusterings}).
 */
export class DDCVote {
  private readonly seeds: number[];
  private readonly top: number;

  /** @param options - DDC options shared by every run, the seeds and the number of voters. */
  constructor(private readonly options: DdcVoteOptions) {
    this.seeds = [...(options.seeds ?? Array.from({ length: 20 }, (_, i) => i))];
    this.top = options.top ?? 3;
    if (this.seeds.length === 0)
      throw new DeepClusteringError('BAD_OPTION', 'DDCVote needs at least one seed.');
    if (new Set(this.seeds).size !== this.seeds.length) {
      throw new DeepClusteringError(
        'BAD_OPTION',
        `DDCVote seeds must differ, got [${this.seeds.join(', ')}].`,
      );
    }
    if (!Number.isInteger(this.top) || this.top < 1 || this.top > this.seeds.length) {
      throw new DeepClusteringError(
        'BAD_OPTION',
        `top must be an integer in 1..${this.seeds.length} (the runs), got ${this.top}.`,
      );
    }
  }

  /** Runs every seed on `input`, then votes. */
  async fit(input: DdcInput, fitOptions: DdcVoteFitOptions = {}): Promise<DdcVoteResult> {
    const runs: DdcVoteRun[] = [];
    let best: { model: DdcModel; loss: number } | undefined;
    try {
      for (const seed of this.seeds) {
        const model = await new DDC({ ...this.options, seed }).fit(input, {
          monitorLabels: fitOptions.monitorLabels,
          onEpoch: (e) => fitOptions.onEpoch?.(seed, e),
        });
        const run: DdcVoteRun = {
          seed,
          loss: model.loss(input),
          assignments: model.predict(input),
          history: model.history,
        };
        runs.push(run);
        if (best === undefined || run.loss < best.loss) {
          best?.model.dispose();
          best = { model, loss: run.loss };
        } else {
          model.dispose();
        }
        await fitOptions.onRun?.(run);
      }
    } catch (error) {
      best?.model.dispose();
      throw error;
    }
    const k = this.options.k;
    const vote = voteClusterings(runs, k, this.top);
    return {
      assignments: vote.assignments,
      bestAssignments: runs[vote.selected[0]].assignments,
      runs,
      selected: vote.selected,
      bestModel: (best as { model: DdcModel }).model,
    };
  }
}
