/**
 * DDC training speed on MNIST: one epoch of the fully connected variant over all 70,000 rows and one epoch of the
 * LeNet-style conv variant over the first CONV_ROWS rows (batch 100, the paper's layer sizes), with peak RSS and
 * live tensors before and after (they must be equal). Writes bench/results/deep-clustering.{json,md}.
 */
import * as tf from '@tensorflow/tfjs';
import { DDC, ensureBackend, loadMnist } from '@clusterflow/deep-clustering';
import { fmt, loadNow, markdownTable, peakRssMb, writeSuiteResults } from '../lib/bench-utils.js';

const CONV_ROWS = Number(process.env.BENCH_DDC_CONV_ROWS ?? 10_000);

interface Row {
  variant: string;
  rows: number;
  steps: number;
  seconds: number;
  samplesPerSecond: number;
  tensorsBefore: number;
  tensorsAfter: number;
  load: string;
}

const backend = await ensureBackend('auto', (line) => console.log(line));
const mnist = await loadMnist();
const rows: Row[] = [];
for (const { variant, n } of [
  { variant: 'fc' as const, n: mnist.rows },
  { variant: 'conv' as const, n: CONV_ROWS },
]) {
  const input = { ...mnist, rows: n, data: mnist.data.subarray(0, n * 784) };
  const tensorsBefore = tf.memory().numTensors;
  const model = await new DDC({ k: 10, variant, epochs: 1, seed: 0 }).fit(input);
  const seconds = model.history[0].seconds;
  model.dispose();
  rows.push({
    variant,
    rows: n,
    steps: Math.floor(n / 100),
    seconds,
    samplesPerSecond: n / seconds,
    tensorsBefore,
    tensorsAfter: tf.memory().numTensors,
    load: loadNow(),
  });
  console.log(`${variant}: ${n} rows in ${seconds.toFixed(1)} s`);
}

const backendName = `${backend.kind}${backend.kind === 'wasm' ? ` (simd ${backend.simd ? 'on' : 'off'}, ${backend.threads} thread)` : ''}`;
const md = [
  '## Deep clustering (DDC training epoch on MNIST, TF.js 4.22)',
  '',
  `Backend ${backendName}; batch 100; the paper's layer sizes (fc 784-200-200-500-10, conv 32/64 5×5 + 100 + 10); seed 0. Peak RSS of the suite: ${fmt(peakRssMb(), 0)} MiB.`,
  '',
  markdownTable(
    ['variant', 'rows', 'steps', 'epoch s', 'samples/s', 'tensors before → after', 'machine load'],
    rows.map((r) => [
      r.variant,
      String(r.rows),
      String(r.steps),
      fmt(r.seconds, 1),
      fmt(r.samplesPerSecond, 0),
      `${r.tensorsBefore} → ${r.tensorsAfter}`,
      r.load,
    ]),
  ),
].join('\n');
writeSuiteResults('deep-clustering', { backend, rows, peakRssMb: peakRssMb() }, md);
