/**
 * k-means++ + Lloyd: ours (sync reference path and worker-thread path) vs scikit-learn and faiss, same data file,
 * same K, same iteration cap, one initialisation each. Writes bench/results/kmeans.{json,md}.
 */
import {
  kmeans,
  kmeansParallel,
  normalizedMutualInformation,
  pointMatrix,
  type KMeansResult,
} from '@clusterflow/clusterflow';
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

interface PeerRun {
  ms: number;
  cpu_ms: number;
  inertia: number;
  iterations: number;
  version?: string;
  threads?: number;
  error?: string;
}

const MAX_ITER = 20;
const SEED = 0;
const WORKERS = Math.max(2, Math.min(4, machineInfo().cores));
const cases = [
  { rows: 100_000, cols: 64, k: 20, std: 1 },
  { rows: 50_000, cols: 1000, k: 20, std: 1 },
  // Overlapping blobs: Lloyd needs many iterations and the bounds prune less (the hard case for us).
  { rows: 100_000, cols: 64, k: 20, std: 12 },
];

interface Row {
  case: string;
  impl: string;
  ms: number;
  cpuMs: number;
  ratioToSklearn: number;
  inertia: number;
  iterations: number;
  nmi?: number;
}

const rows: Row[] = [];
for (const c of cases) {
  const file = ensureBlobs(c.rows, c.cols, c.k, 1, c.std);
  const { data, labels } = readBlobs(file);
  const points = pointMatrix(data, c.rows, c.cols);
  const label = `N=${c.rows}, D=${c.cols}, K=${c.k}, σ=${c.std}`;
  // Warm the JIT (and the worker pool) on a slice so the timed runs measure steady-state code, as the peers'
  // compiled code is.
  const slice = pointMatrix(data.subarray(0, 4000 * c.cols), 4000, c.cols);
  kmeans(slice, { k: c.k, seed: SEED, maxIterations: 5 });
  await kmeansParallel(slice, { k: c.k, seed: SEED, maxIterations: 5, workers: WORKERS, minWork: 0 });

  const peers = runPeer<Record<string, PeerRun>>('kmeans_peer.py', [
    file.path,
    c.rows,
    c.cols,
    c.k,
    MAX_ITER,
    SEED,
  ]);
  const sk = peers.sklearn;
  const sync = time(() => kmeans(points, { k: c.k, seed: SEED, maxIterations: MAX_ITER }));
  const par = await timeAsync(() =>
    kmeansParallel(points, { k: c.k, seed: SEED, maxIterations: MAX_ITER, workers: WORKERS }),
  );
  const same = (a: KMeansResult, b: KMeansResult): boolean =>
    a.assignments.every((v, i) => v === b.assignments[i]) && a.inertia === b.inertia;
  if (!same(sync.value, par.value)) throw new Error(`${label}: parallel result differs from the sync result`);
  const add = (
    impl: string,
    t: { ms: number; cpuMs: number },
    inertia: number,
    iterations: number,
    nmi?: number,
  ): void => {
    rows.push({
      case: label,
      impl,
      ms: t.ms,
      cpuMs: t.cpuMs,
      ratioToSklearn: t.ms / sk.ms,
      inertia,
      iterations,
      nmi,
    });
    console.log(
      `${label} ${impl}: ${fmt(t.ms, 0)} ms (cpu ${fmt(t.cpuMs, 0)} ms), ` +
        `inertia ${inertia.toExponential(6)}, ${iterations} it, ${loadNow()}`,
    );
  };
  add(
    'clusterflow kmeans (sync)',
    sync,
    sync.value.inertia,
    sync.value.iterations,
    normalizedMutualInformation(labels, sync.value.assignments),
  );
  add(`clusterflow kmeansParallel (${WORKERS} workers)`, par, par.value.inertia, par.value.iterations);
  if (c.std !== 1) {
    // Our default stops at a 1e-4 relative inertia change, earlier than scikit-learn's centre-shift test on
    // this data: tolerance 0 runs to label convergence or the cap, for a like-for-like inertia.
    const exact = time(() => kmeans(points, { k: c.k, seed: SEED, maxIterations: MAX_ITER, tolerance: 0 }));
    add('clusterflow kmeans (sync, tolerance 0)', exact, exact.value.inertia, exact.value.iterations);
  }
  add(`scikit-learn ${sk.version ?? ''} KMeans`, { ms: sk.ms, cpuMs: sk.cpu_ms }, sk.inertia, sk.iterations);
  const fa = peers.faiss;
  if (fa && !fa.error) {
    const t = { ms: fa.ms, cpuMs: fa.cpu_ms };
    add(`faiss ${fa.version ?? ''} Kmeans (random init)`, t, fa.inertia, fa.iterations);
  }
}

const md = [
  '## k-means (k-means++ init, n_init = 1, max 20 iterations)',
  '',
  `Blobs like scikit-learn's make_blobs (centres uniform in [-10, 10]^D, standard deviation σ), float32, generated once with a seed` +
    ` into bench/data and read by every implementation. Ratio = time / scikit-learn's time (target ≤ 1.0×).` +
    ` scikit-learn and faiss use all cores through OpenMP/BLAS. faiss has no k-means++ (random init) and stops only` +
    ` at the iteration cap (hence a cap of 20; scikit-learn and ours converge well before it).` +
    ` On σ = 12 (heavy overlap) every run ends in a local optimum that depends on its seed (n_init = 1):` +
    ` inertia gaps of ~1 % there reflect the seed (ours reaches scikit-learn's 9.1994e8 with seed 1), not the method.` +
    ` NMI is against the generating labels. Ours uses the WebAssembly SIMD kernels (kernel 'auto').` +
    ` CPU time sums all threads of the process; on a shared machine it is steadier than wall time.` +
    ` Machine load at the end: ${loadNow()}.`,
  '',
  markdownTable(
    [
      'case',
      'implementation',
      'time (ms)',
      'CPU time (ms)',
      'ratio to sklearn',
      'inertia',
      'iterations',
      'NMI',
    ],
    rows.map((r) => [
      r.case,
      r.impl,
      fmt(r.ms, 0),
      fmt(r.cpuMs, 0),
      `${fmt(r.ratioToSklearn, 2)}×`,
      r.inertia.toExponential(6),
      r.iterations,
      r.nmi === undefined ? '' : fmt(r.nmi, 4),
    ]),
  ),
  '',
  `Peak RSS of the bench process: ${fmt(peakRssMb(), 0)} MiB.`,
].join('\n');
writeSuiteResults('kmeans', rows, md);
