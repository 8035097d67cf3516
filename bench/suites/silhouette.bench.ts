/**
 * Silhouette score, N = 10 000, D = 1000: ours (block-wise, sync and worker threads) vs scikit-learn on the same
 * data file. Writes bench/results/silhouette.{json,md}.
 */
import { pointMatrix, silhouetteScore, silhouetteScoreParallel } from '@clusterflow/clusterflow';
import {
  fmt,
  loadNow,
  machineInfo,
  markdownTable,
  peakRssMb,
  runPeer,
  time,
  timeAsync,
  writeSuiteResults,
} from '../lib/bench-utils.js';
import { ensureBlobs, readBlobs } from '../lib/blobs.js';

const ROWS = 10_000;
const COLS = 1000;
const K = 10;
const WORKERS = Math.max(2, Math.min(4, machineInfo().cores));

const file = ensureBlobs(ROWS, COLS, K, 2);
const { data, labels } = readBlobs(file);
const points = pointMatrix(data, ROWS, COLS);
// JIT and worker-pool warm-up on a slice.
const warm = pointMatrix(data.subarray(0, 1000 * COLS), 1000, COLS);
silhouetteScore(warm, labels.subarray(0, 1000));
await silhouetteScoreParallel(warm, labels.subarray(0, 1000), { workers: WORKERS });

const peer = runPeer<{ sklearn: { ms: number; cpu_ms: number; score: number; version: string } }>(
  'silhouette_peer.py',
  [file.path, file.labelsPath, ROWS, COLS],
).sklearn;
const par = await timeAsync(() => silhouetteScoreParallel(points, labels, { workers: WORKERS }));
const sync = time(() => silhouetteScore(points, labels));
const sampled = time(() => silhouetteScore(points, labels, { sampleSize: 2000, seed: 0 }));

const rows = [
  { impl: 'clusterflow silhouetteScore (sync)', ms: sync.ms, cpuMs: sync.cpuMs, score: sync.value },
  {
    impl: `clusterflow silhouetteScoreParallel (${WORKERS} workers)`,
    ms: par.ms,
    cpuMs: par.cpuMs,
    score: par.value,
  },
  {
    impl: 'clusterflow silhouetteScore, sampleSize 2000',
    ms: sampled.ms,
    cpuMs: sampled.cpuMs,
    score: sampled.value,
  },
  {
    impl: `scikit-learn ${peer.version} silhouette_score`,
    ms: peer.ms,
    cpuMs: peer.cpu_ms,
    score: peer.score,
  },
];
for (const r of rows) {
  console.log(
    `silhouette ${r.impl}: ${fmt(r.ms, 0)} ms (cpu ${fmt(r.cpuMs, 0)} ms), score ${r.score}, ${loadNow()}`,
  );
}
const md = [
  `## Silhouette score (N = ${ROWS}, D = ${COLS}, ${K} clusters)`,
  '',
  'Same float32 blob file for both sides. Ours is block-wise (O(N·labels) memory, each pair once, never an N×N' +
    ' matrix); scikit-learn computes chunked distance matrices with multi-threaded BLAS. CPU time sums all threads.' +
    ` Machine load at the end: ${loadNow()}.`,
  '',
  markdownTable(
    ['implementation', 'time (ms)', 'CPU time (ms)', 'ratio to sklearn', 'score'],
    rows.map((r) => [
      r.impl,
      fmt(r.ms, 0),
      fmt(r.cpuMs, 0),
      `${fmt(r.ms / peer.ms, 2)}×`,
      r.score.toFixed(7),
    ]),
  ),
  '',
  `Peak RSS of the bench process: ${fmt(peakRssMb(), 0)} MiB.`,
].join('\n');
writeSuiteResults('silhouette', rows, md);
