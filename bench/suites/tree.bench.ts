/**
 * ClusterFlow tree: build time and peak memory on synthetic class-space data (N=100 000, D=1000, 100 labels),
 * then guess throughput and latency on that tree, and the saved size. Writes bench/results/tree.{json,md}.
 * Scale down for a dry run with TREE_BENCH_POINTS=10000.
 */
import {
  buildTree,
  createRng,
  loadTree,
  saveTree,
  type ClusterTree,
  type PointMatrix,
  type TreeBuildOptions,
} from '@clusterflow/clusterflow';
import { loadavg } from 'node:os';
import { fmt, markdownTable, peakRssMb, time, writeSuiteResults } from '../lib/bench-utils.js';

const N = Number(process.env.TREE_BENCH_POINTS ?? 100_000);
const D = 1000;
const LABELS = 100;
const OWN = 10; // dimensions owned by each label
const QUERIES = 20_000;
const SEED = 0;

/**
 * Class-space-like data, seeded: sparse and non-negative. Label l owns dimensions [10l, 10l+10); each point
 * is high on one half of them (two sub-modes per label, for detK to find), low on the other half; 5 % carry a
 * second label (weaker values on its dimensions); every point has 5 small noise values on random dimensions.
 */
function classSpace(n: number, seed: number): { points: PointMatrix; labels: string[][] } {
  const rng = createRng(seed);
  const data = new Float32Array(n * D);
  const labels: string[][] = [];
  for (let i = 0; i < n; i++) {
    const a = rng.nextInt(LABELS);
    const mode = rng.nextInt(2);
    const row = i * D;
    for (let j = 0; j < OWN; j++) {
      const high = j < OWN / 2 === (mode === 0);
      data[row + a * OWN + j] = high ? 2 + 2 * rng.next() : 0.2 + 0.5 * rng.next();
    }
    const list = [`class-${a}`];
    if (rng.next() < 0.05) {
      const b = (a + 1 + rng.nextInt(LABELS - 1)) % LABELS;
      for (let j = 0; j < OWN; j++) data[row + b * OWN + j] = 0.5 + rng.next();
      list.push(`class-${b}`);
    }
    for (let t = 0; t < 5; t++) data[row + rng.nextInt(D)] += 0.02 * rng.next();
    labels.push(list);
  }
  return { points: { data, rows: n, cols: D }, labels };
}

/** Queries: training rows, rows with ±20 % jitter, and "fooling-like" rows spread over many labels' dims. */
function queries(points: PointMatrix, count: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const q = new Float64Array(count * D);
  for (let t = 0; t < count; t++) {
    const kind = t % 4;
    if (kind === 3) {
      for (let k = 0; k < 30; k++) q[t * D + rng.nextInt(D)] = 3 * rng.next();
      continue;
    }
    const i = rng.nextInt(points.rows);
    for (let d = 0; d < D; d++) {
      const v = points.data[i * D + d];
      q[t * D + d] = kind === 0 || v === 0 ? v : v * (0.8 + 0.4 * rng.next());
    }
  }
  return q;
}

function main(): void {
  const generated = time(() => classSpace(N, SEED));
  const { points, labels } = generated.value;
  const rssAfterData = peakRssMb();
  const options: TreeBuildOptions = { seed: SEED };
  let lastLog = Date.now();
  const buildCpu0 = process.cpuUsage();
  const built = time(() =>
    buildTree(points, labels, {
      ...options,
      onProgress: (p) => {
        if (Date.now() - lastLog > 5000) {
          lastLog = Date.now();
          console.log(`  build: ${p.phase} depth ${p.depth}, ${p.nodes} nodes`);
        }
      },
    }),
  );
  const tree: ClusterTree = built.value;
  const buildCpu = process.cpuUsage(buildCpu0);
  const buildCpuMs = (buildCpu.user + buildCpu.system) / 1000;
  const rssAfterBuild = peakRssMb();
  const summary = tree.summary();
  console.log(
    `build ${fmt(built.ms / 1000)} s, peak RSS ${fmt(rssAfterBuild, 0)} MiB`,
    JSON.stringify(summary),
  );

  const q = queries(points, QUERIES, SEED + 1);
  // Warm-up (JIT), then one timed pass with per-query latencies.
  for (let t = 0; t < 2000; t++) tree.guess(q, {}, (t % QUERIES) * D);
  const lat = new Float64Array(QUERIES);
  const sources: Record<string, number> = {};
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let t = 0; t < QUERIES; t++) {
    const s = performance.now();
    const g = tree.guess(q, {}, t * D);
    lat[t] = performance.now() - s;
    sources[g.source] = (sources[g.source] ?? 0) + 1;
  }
  const totalMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  // The machine is shared: CPU time of this thread says what one uncontended core would do.
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const qpsCpu = QUERIES / (cpuMs / 1000);
  const sorted = Float64Array.from(lat).sort();
  const pct = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  const qps = QUERIES / (totalMs / 1000);

  // Training accuracy of the top label on training rows (sanity, not a benchmark target).
  let right = 0;
  const checked = Math.min(5000, N);
  for (let i = 0; i < checked; i++) {
    const g = tree.guess(points.data, {}, i * D);
    if (g.labels.length > 0 && labels[i].includes(g.labels[0].label)) right++;
  }

  const saved = time(() => saveTree(tree));
  const loaded = time(() => loadTree(saved.value));
  const sameAnswers = [0, 1, 2, 3].every(
    (t) => JSON.stringify(loaded.value.guess(q, {}, t * D)) === JSON.stringify(tree.guess(q, {}, t * D)),
  );

  const results = {
    points: N,
    dims: D,
    labels: LABELS,
    options: { ...tree.options },
    generateMs: generated.ms,
    buildMs: built.ms,
    buildCpuMs,
    loadAverage: loadavg(),
    peakRssMb: { afterData: rssAfterData, afterBuild: rssAfterBuild, end: peakRssMb() },
    summary,
    guess: {
      queries: QUERIES,
      totalMs,
      perSecond: qps,
      cpuMs,
      perCpuSecond: qpsCpu,
      p50Ms: pct(0.5),
      p99Ms: pct(0.99),
      maxMs: sorted[sorted.length - 1],
      sources,
    },
    trainingTop1: right / checked,
    serialization: {
      bytes: saved.value.length,
      saveMs: saved.ms,
      loadMs: loaded.ms,
      sameAnswers,
    },
  };
  console.log(JSON.stringify(results, null, 2));

  const md = [
    '## ClusterFlow tree (build, guess, save)',
    '',
    `Synthetic class-space data: N=${N}, D=${D}, ${LABELS} labels (sparse, non-negative, 2 sub-modes per label, ` +
      `5 % two labels), float32, seed ${SEED}. Default options (boxKind 'lower', detK maxK 10 on ≤ 256 sampled points per label, margin ` +
      `0.1, worldMargin 1, overlap 'foreign'). One build, then ${QUERIES} guesses on one thread (¼ training rows, ½ jittered rows, ` +
      `¼ random "fooling-like" rows). Targets: build ≤ 60 s and ≤ 2 GB peak RSS; ≥ 20 000 guesses/s.`,
    `Load average when the run started: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' / ')} on this shared ` +
      '2-core machine, so wall-clock numbers include time other processes held the CPU; CPU time is this ' +
      'process alone.',
    '',
    markdownTable(
      ['measure', 'value', 'target'],
      [
        [
          'build time (wall / CPU)',
          `${fmt(built.ms / 1000, 1)} s / ${fmt(buildCpuMs / 1000, 1)} s`,
          '≤ 60 s',
        ],
        ['peak RSS after build (incl. 400 MB of float32 data)', `${fmt(rssAfterBuild, 0)} MiB`, '≤ 2048 MiB'],
        ['nodes / leaves / max depth', `${summary.nodes} / ${summary.leaves} / ${summary.maxDepth}`, ''],
        [
          'pure / mixed / singleton nodes',
          `${summary.byKind.pure} / ${summary.byKind.mixed} / ${summary.byKind.singleton}`,
          '',
        ],
        ['rejects', summary.rejects, ''],
        ['guesses per second, wall clock (1 thread)', fmt(qps, 0), '≥ 20 000'],
        ['guesses per CPU second (1 thread)', fmt(qpsCpu, 0), '≥ 20 000'],
        [
          'guess latency p50 / p99 / max',
          `${fmt(pct(0.5) * 1000, 1)} / ${fmt(pct(0.99) * 1000, 1)} / ${fmt(sorted[sorted.length - 1] * 1000, 0)} µs`,
          '',
        ],
        [
          'guess sources',
          Object.entries(sources)
            .map(([k, v]) => `${k} ${v}`)
            .join(', '),
          '',
        ],
        ['top-1 on training rows', `${fmt((100 * right) / checked, 1)} %`, ''],
        [
          'saved JSON / save / load',
          `${fmt(saved.value.length / 2 ** 20, 1)} MiB / ${fmt(saved.ms, 0)} ms / ${fmt(loaded.ms, 0)} ms`,
          '',
        ],
        ['load(save(t)) answers identically', String(sameAnswers), 'true'],
      ],
    ),
  ].join('\n');
  writeSuiteResults('tree', results, md);
}

main();
