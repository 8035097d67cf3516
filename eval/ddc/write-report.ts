import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Scores of one run of one method. */
export interface MethodRun {
  seed: number;
  seconds: number;
  acc: number;
  nmi: number;
  ari: number;
  loss?: number;
  epochs?: { epoch: number; loss: number; accuracy: number; seconds: number }[];
  selected?: number[];
  lowestLossSeed?: number;
}

/** Everything one evaluation run measured. */
export interface EvalResults {
  dataset: string;
  backend: string;
  startedAt: string;
  finishedAt?: string;
  settings: {
    seeds: number;
    epochs: number;
    variant: string;
    kmeansSeeds: number;
    rows: number;
    batchSize: number;
  };
  methods: { kmeans: MethodRun[]; ddc: MethodRun[]; ddcVote: MethodRun[] };
  fcEpoch?: {
    seconds: number;
    totalSeconds: number;
    samplesPerSecond: number;
    acc: number;
    nmi: number;
    ari: number;
  };
  tensorsAtEnd?: number;
  /** Facts of the run that are not in the fields above (e.g. read from its log after a crash). */
  notes?: string[];
}

/** Scores of one run (a baseline on Fashion-MNIST). */
export interface ScoredRun {
  seed: number;
  seconds: number;
  acc: number;
  nmi: number;
  ari: number;
  /** Training epochs, where the method trains. */
  epochs?: number;
}

/** One N2D run scored after `epochs` autoencoder epochs. */
export interface N2dRun extends ScoredRun {
  epochs: number;
  rows: number;
  autoencoderSeconds: number;
  umapSeconds: number;
  gmmSeconds: number;
  /** Mean reconstruction MSE of the last autoencoder epoch. */
  reconstructionMse: number;
}

/** Everything `run-n2d-eval.ts` measured. */
export interface N2dResults {
  backend: string;
  startedAt: string;
  finishedAt?: string;
  /** Autoencoder epoch counts at which every run was scored. */
  schedule: number[];
  /** The validation part on which the epoch count is chosen (by ACC). */
  validation: { data: string; seed: number; points: N2dRun[] };
  mnist: { data: string; runs: N2dRun[] };
  fashion: { data: string; runs: N2dRun[]; kmeans: ScoredRun[]; ddcFc: ScoredRun[] };
}

const PAPER: Record<string, { acc: string; nmi: string }> = {
  kmeans: { acc: '53.33', nmi: '0.50' },
  ddc: { acc: '86.58', nmi: '0.83' },
  ddcVote: { acc: '88.49', nmi: '0.87' },
};

function meanSd(values: number[], scale = 1, digits = 1): string {
  if (values.length === 0) return '—';
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  if (values.length === 1) return (mean * scale).toFixed(digits);
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
  return `${(mean * scale).toFixed(digits)} ± ${(sd * scale).toFixed(digits)}`;
}

/** The markdown section for docs/RESULTS.md, from the saved JSON only. */
export function writeReport(r: EvalResults): string {
  const rows: string[] = [];
  const line = (name: string, key: keyof EvalResults['methods'], note: string): void => {
    const runs = r.methods[key];
    rows.push(
      `| ${name} | ${runs.length} | ${meanSd(
        runs.map((x) => x.acc),
        100,
      )} | ${meanSd(
        runs.map((x) => x.nmi),
        1,
        3,
      )} | ${meanSd(
        runs.map((x) => x.ari),
        1,
        3,
      )} | ${meanSd(
        runs.map((x) => x.seconds),
        1,
        0,
      )} | ${PAPER[key].acc} / ${PAPER[key].nmi} | ${note} |`,
    );
  };
  const s = r.settings;
  line('k-means (k-means++, clusterflow)', 'kmeans', 'raw pixels; the paper reports the best of 20 runs');
  line(
    `DDC (${s.variant}, ${s.epochs} epoch${s.epochs === 1 ? '' : 's'} per run)`,
    'ddc',
    `mean over seeds; the paper: lowest-loss run of 20, ${70000} iterations`,
  );
  line(
    'DDC-VOTE (top 3 by loss)',
    'ddcVote',
    'vote of the runs above, ranked by their last epoch’s training loss; wall time = the voters’ training',
  );
  const ddcBest = [...r.methods.ddc].sort((a, b) => (a.loss ?? 0) - (b.loss ?? 0))[0];
  const out = [
    `### MNIST, ${r.settings.rows} rows`,
    '',
    `From \`eval/ddc/results-${r.settings.rows}.json\` (run ${r.startedAt} → ${r.finishedAt ?? 'stopped before the end'}). ${r.dataset}; backend ${r.backend}; every figure below is from that run.`,
    '',
    '| method | runs | ACC % (mean ± sd) | NMI | ARI | wall s per run | paper ACC / NMI | note |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
  ];
  if (ddcBest !== undefined) {
    out.push(
      `Lowest-loss DDC run (the paper's selection rule): seed ${ddcBest.seed}, ACC ${(ddcBest.acc * 100).toFixed(1)} %, NMI ${ddcBest.nmi.toFixed(3)}, loss ${ddcBest.loss?.toFixed(4)}.`,
      '',
    );
    out.push('Per-epoch training (loss / ACC):', '');
    for (const run of r.methods.ddc) {
      out.push(
        `- seed ${run.seed}: ${(run.epochs ?? []).map((e) => `${e.epoch}: ${e.loss.toFixed(3)} / ${typeof e.accuracy === 'number' && Number.isFinite(e.accuracy) ? `${(e.accuracy * 100).toFixed(1)} %` : 'ACC not monitored'} (${e.seconds.toFixed(0)} s)`).join('; ')}`,
      );
    }
    out.push('');
  }
  if (r.fcEpoch !== undefined) {
    out.push(
      `One FC-variant epoch over all ${s.rows} rows (batch ${s.batchSize}): ${r.fcEpoch.seconds.toFixed(1)} s = ${r.fcEpoch.samplesPerSecond.toFixed(0)} samples/s (ACC after that single epoch at the paper's 1e-5 step: ${(r.fcEpoch.acc * 100).toFixed(1)} %).`,
      '',
    );
  }
  out.push(
    `Why the DDC figures differ from the paper's: the paper trains 70,000 iterations (100 epochs) per run and picks the lowest-loss run of 20; this machine (2 CPU cores shared with other jobs, TF.js on wasm) was set to ${s.seeds} run(s) of ${s.epochs} epoch(s) each and finished ${r.methods.ddc.length}${r.finishedAt === undefined ? ' (the run was stopped before the rest; DDC-VOTE needs the finished runs)' : ''}, so the table measures short training, not the paper's schedule.`,
    '',
  );
  for (const note of r.notes ?? []) out.push(`- ${note}`);
  if ((r.notes ?? []).length > 0) out.push('');
  return out.join('\n');
}

/** Writes docs/results/deep-clustering.md from every eval/ddc/results-*.json, largest run first. */
export async function writeAllReports(root: string): Promise<void> {
  const dir = path.join(root, 'eval/ddc');
  const files = (await readdir(dir)).filter((f) => /^results-\d+\.json$/.test(f));
  const all = await Promise.all(
    files.map(async (f) => JSON.parse(await readFile(path.join(dir, f), 'utf8')) as EvalResults),
  );
  all.sort((a, b) => b.settings.rows - a.settings.rows);
  const text = [
    '## Deep clustering on MNIST (k-means, DDC, DDC-VOTE)',
    '',
    'Generated by `npm run eval:deep` (or `tsx eval/ddc/write-report-from-json.ts` from the saved JSON). Paper figures: Kampffmeyer et al., Table 1.',
    '',
    ...all.map(writeReport),
  ].join('\n');
  await mkdir(path.join(root, 'docs/results'), { recursive: true });
  await writeFile(path.join(root, 'docs/results/deep-clustering.md'), text);
}
