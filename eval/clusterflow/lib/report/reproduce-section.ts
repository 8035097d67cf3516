/** The commands that regenerate the report (fooling set first, then the harness with its options). */
export function reproduceSection(): string[] {
  return [
    '## Reproduce',
    '',
    '```sh',
    'npx tsx libs/extractors/scripts/make-fooling-set.ts   # fooling set (cached; ~20 s/image)',
    'npm run eval                                           # builds the libs, then npx tsx eval/run.ts clusterflow',
    'EVAL_TRIPLETS=500 EVAL_SEED=7 npm run eval             # other sample sizes / seeds',
    "EVAL_ONLY=feature-ceiling npm run eval                 # re-run some experiments, keep the others' saved JSON",
    'EVAL_DATA_ROOT=/path/to/photos npm run eval            # other photos: every <set>/<class>/<image> under it',
    'EVAL_TEST_ROOT=/path/to/kept-back npm run eval         # build on all photos here, test on photos kept back there',
    'npm run eval:report                                    # rewrite this file from docs/results/*.json alone',
    '```',
    '',
  ];
}
