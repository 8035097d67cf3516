/**
 * World build time with and without a world head (issue 17 item 2): `buildWorld` on 600 and 2,000 rows of the
 * dual-pooled-flip width (1,280), plain vs `trainHeadSpace` (silhouette, Cosine-COREL; 16-D, hidden 128, 30 epochs,
 * wasm) + `buildWorld` in the head's space. Rows are seeded Gaussian blobs (10 kinds), not photos: the shared sets
 * hold fewer than 2,000 photos, and build time depends on rows × width, not on what the rows show.
 * Writes bench/results/world-head.{json,md}.
 */
import { trainHeadSpace } from '@clusterflow/deep-clustering';
import { buildWorld, type LabelledExamples } from '@clusterflow/reasoning';
import { fmt, loadNow, markdownTable, peakRssMb, timeAsync, writeSuiteResults } from '../lib/bench-utils.js';
import { ensureBlobs, readBlobs } from '../lib/blobs.js';

const COLS = 1280;
const K = 10;
const SIZES = [600, 2000];
const HEAD = { dim: 16, hidden: [128], epochs: 30, seed: 0, backend: 'wasm' as const };

interface Row {
  rows: number;
  head: string;
  trainSeconds: number;
  buildSeconds: number;
  totalSeconds: number;
  cpuSeconds: number;
  load: string;
}

const results: Row[] = [];
for (const n of SIZES) {
  const { data, labels } = readBlobs(ensureBlobs(n, COLS, K, 7));
  const examples: LabelledExamples = {
    data: Float32Array.from(data),
    rows: n,
    cols: COLS,
    labelSets: Array.from(labels, (l) => [`kind${l}`]),
  };
  for (const head of ['none', 'silhouette', 'cosine-corel'] as const) {
    let trainSeconds = 0;
    const total = await timeAsync(async () => {
      const t0 = performance.now();
      const space = head === 'none' ? undefined : await trainHeadSpace(examples, { ...HEAD, loss: head });
      trainSeconds = (performance.now() - t0) / 1000;
      return buildWorld(examples, space ? { space } : {});
    });
    const row: Row = {
      rows: n,
      head,
      trainSeconds,
      buildSeconds: total.ms / 1000 - trainSeconds,
      totalSeconds: total.ms / 1000,
      cpuSeconds: total.cpuMs / 1000,
      load: loadNow(),
    };
    results.push(row);
    console.log(
      `world-head ${n} rows, head ${head}: train ${fmt(row.trainSeconds, 1)} s + build ${fmt(row.buildSeconds, 1)} s = ${fmt(row.totalSeconds, 1)} s (cpu ${fmt(row.cpuSeconds, 1)} s), ${row.load}`,
    );
  }
}
const plain = (n: number): number =>
  results.find((r) => r.rows === n && r.head === 'none')?.totalSeconds ?? 0;
const md = [
  '## World build with and without a world head (issue 17)',
  '',
  `\`buildWorld\` (default tree, 5-fold calibration) on seeded Gaussian blobs of the dual-pooled-flip width (${COLS} values, ${K} kinds) — synthetic rows, because the shared sets hold fewer than 2,000 photos and the build time depends on rows × width. With a head: \`trainHeadSpace\` (${JSON.stringify(HEAD)}) on the same rows, then the world built in its 16-D space. Goal: the head adds ≤ 30 s to a 2,000-photo build on 2 cores. Peak RSS ${fmt(peakRssMb(), 0)} MiB.`,
  '',
  markdownTable(
    [
      'rows',
      'head',
      'head training s',
      'world build s',
      'total s',
      'CPU s',
      'added by the head s',
      'machine load',
    ],
    results.map((r) => [
      String(r.rows),
      r.head,
      fmt(r.trainSeconds, 1),
      fmt(r.buildSeconds, 1),
      fmt(r.totalSeconds, 1),
      fmt(r.cpuSeconds, 1),
      r.head === 'none' ? '—' : fmt(r.totalSeconds - plain(r.rows), 1),
      r.load,
    ]),
  ),
];
writeSuiteResults('world-head', { cols: COLS, kinds: K, head: HEAD, rows: results }, md.join('\n'));
