/**
 * The papers `npm run eval [-- <paper>]` can evaluate, each with the runner of its harness folder. A runner is
 * imported only when chosen, so one paper's dependencies (models, Python peers) never load for another.
 * Adding a paper = one folder under eval/ and one line here.
 */
export const PAPERS = {
  clusterflow: async (): Promise<number> => (await import('./clusterflow/run-eval.js')).runClusterflowEval(),
  // The DDC harness runs when its module loads (it spawns one process per seed and writes its own report).
  ddc: async (): Promise<number> => {
    await import('./ddc/run-ddc-eval.js');
    return 0;
  },
} as const satisfies Record<string, () => Promise<number>>;

/** A paper's name, as typed after `npm run eval --`. */
export type PaperName = keyof typeof PAPERS;

/** The paper evaluated when none is named. */
export const DEFAULT_PAPER: PaperName = 'clusterflow';

/** Thrown for a paper name that has no harness; says which names there are. */
export class UnknownPaperError extends Error {
  constructor(readonly paper: string) {
    super(`unknown paper "${paper}"; known papers: ${Object.keys(PAPERS).join(', ')}`);
    this.name = 'UnknownPaperError';
  }
}

/** The runner for `args` (the command line after `--`): no argument → the default paper; more than one → error. */
export function paperRunner(args: readonly string[]): { paper: PaperName; run: () => Promise<number> } {
  if (args.length > 1) throw new UnknownPaperError(args.join(' '));
  const name = args[0] ?? DEFAULT_PAPER;
  if (!Object.hasOwn(PAPERS, name)) throw new UnknownPaperError(name);
  const paper = name as PaperName;
  return { paper, run: PAPERS[paper] };
}
