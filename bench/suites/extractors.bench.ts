/**
 * Extractor speed on this machine: images/s at batch 1 and 16 on the wasm and cpu backends (forward pass only, and
 * end to end from JPEG files), decode+resize ms/image, and darknet-tiny's FLOPs/image against the float32 GFLOP/s
 * this machine reaches in a tight matmul (plain JS and wasm/XNNPACK) — the physical limit and our share of it.
 * Run: npx tsx bench/suites/extractors.bench.ts
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import {
  createExtractor,
  createExtractorPool,
  decodeImage,
  type Extractor,
} from '../../libs/extractors/src/index.js';
import { fmt, markdownTable, timeAsync, writeSuiteResults } from '../lib/bench-utils.js';

const SHARED = fileURLToPath(new URL('../../../shared/data/images/imagenet-val/', import.meta.url));
const photos = readFileSync(join(SHARED, 'labels.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((row) => join(SHARED, row.split(',')[0]));

interface Throughput {
  backend: string;
  /** BatchNormalization folded + activations fused (`fuseLayers`, the default) or the layers model as loaded. */
  fused: boolean;
  batch: number;
  images: number;
  /** Forward pass only, pixels already decoded. */
  forwardImagesPerSecond: number;
  /** Decode + resize + forward, from files. */
  endToEndImagesPerSecond: number;
}

/** FLOPs of one forward pass: 2·MACs of every Conv2D/Dense plus one FLOP per element of the other layers. */
function modelFlops(model: tf.LayersModel): { total: number; conv: number } {
  let conv = 0;
  let other = 0;
  for (const layer of model.layers) {
    const out = layer.outputShape as number[];
    const elements = out.slice(1).reduce((a, b) => a * (b ?? 1), 1);
    const kernel = layer.getWeights()[0];
    const cls = layer.getClassName();
    if ((cls === 'Conv2D' || cls === 'Dense') && kernel !== undefined) {
      // kernel [kh, kw, cin, cout] or [cin, cout]: MACs per output element = kernel size / cout.
      const macsPerOutput = kernel.size / kernel.shape[kernel.shape.length - 1];
      conv += 2 * macsPerOutput * elements;
    } else if (cls === 'DepthwiseConv2D' && kernel !== undefined) {
      conv += 2 * (kernel.shape[0] ?? 1) * (kernel.shape[1] ?? 1) * elements;
    } else {
      other += elements;
    }
  }
  return { total: conv + other, conv };
}

/** Plain-JS float32 matmul C = A·B (n×n), i-k-j order so the inner loop streams rows: GFLOP/s. */
function jsMatmulGflops(n: number, reps: number): number {
  const a = new Float32Array(n * n).map((_, i) => ((i * 7919) % 1000) / 1000);
  const b = new Float32Array(n * n).map((_, i) => ((i * 104729) % 1000) / 1000);
  const c = new Float32Array(n * n);
  let best = Infinity;
  for (let r = 0; r < reps; r++) {
    c.fill(0);
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const ci = i * n;
      for (let k = 0; k < n; k++) {
        const aik = a[ci + k];
        const bk = k * n;
        for (let j = 0; j < n; j++) c[ci + j] += aik * b[bk + j];
      }
    }
    best = Math.min(best, performance.now() - t0);
  }
  return (2 * n ** 3) / (best / 1000) / 1e9;
}

/** tf.matMul on the active backend (wasm: XNNPACK, SIMD, one thread here): GFLOP/s of the best of `reps`. */
async function tfMatmulGflops(n: number, reps: number): Promise<number> {
  const a = tf.randomUniform([n, n], 0, 1, 'float32', 1);
  const b = tf.randomUniform([n, n], 0, 1, 'float32', 2);
  let best = Infinity;
  for (let r = 0; r < reps + 1; r++) {
    const t0 = performance.now();
    const c = tf.matMul(a, b);
    await c.data();
    const ms = performance.now() - t0;
    c.dispose();
    if (r > 0) best = Math.min(best, ms); // the first call warms up
  }
  a.dispose();
  b.dispose();
  return (2 * n ** 3) / (best / 1000) / 1e9;
}

async function throughput(
  extractor: Extractor,
  batch: number,
  images: number,
  fused = true,
): Promise<Throughput> {
  const files = photos.slice(0, images);
  const pixels = await Promise.all(files.map((f) => extractor.decode(f)));
  const per = pixels[0].length;
  const warm = new Float32Array(batch * per);
  for (let i = 0; i < batch; i++) warm.set(pixels[i % pixels.length], i * per);
  // Builds the tap plan and warms the kernels (the first passes of a fresh wasm instance run slower).
  for (let w = 0; w < 3; w++) await extractor.extractPixels(warm, batch);
  const forward = await timeAsync(async () => {
    for (let start = 0; start < images; start += batch) {
      const n = Math.min(batch, images - start);
      const joined = new Float32Array(n * per);
      for (let i = 0; i < n; i++) joined.set(pixels[start + i], i * per);
      await extractor.extractPixels(joined, n);
    }
  });
  const endToEnd = await timeAsync(() => extractor.extract(files, { batchSize: batch }));
  return {
    backend: extractor.backend.kind,
    fused,
    batch,
    images,
    forwardImagesPerSecond: images / (forward.ms / 1000),
    endToEndImagesPerSecond: images / (endToEnd.ms / 1000),
  };
}

async function main(): Promise<void> {
  // Other work on this 2-core machine slows every number below; record how busy it was.
  const loadAtStart = loadavg()[0];
  // First, while nothing else has warmed or fragmented the heap: the plain-JS matmul reference.
  const jsMatmul = jsMatmulGflops(256, 6);
  const runs: Throughput[] = [];
  const wasm = await createExtractor({ backend: 'wasm' });
  const flops = modelFlops(wasm.model);
  runs.push(await throughput(wasm, 1, 48));
  runs.push(await throughput(wasm, 16, 64));
  const wasmMatmul = await tfMatmulGflops(1024, 3);
  wasm.dispose();
  // The same passes through the layers model as loaded: what folding BatchNormalization buys.
  const unfused = await createExtractor({ backend: 'wasm', fuseLayers: false });
  runs.push(await throughput(unfused, 1, 48, false));
  runs.push(await throughput(unfused, 16, 64, false));
  unfused.dispose();

  // Several wasm processes (ExtractorPool): decode + forward in each worker, batches spread over them.
  const workers = Math.min(2, cpus().length);
  const pool = await createExtractorPool({ backend: 'wasm', workers });
  const poolFiles = photos.slice(0, 64);
  await pool.extract(poolFiles.slice(0, 2 * workers), { batchSize: 2 });
  const pooled = await timeAsync(() => pool.extract(poolFiles, { batchSize: 16 }));
  pool.dispose();
  const poolRun = {
    workers,
    batch: 16,
    images: poolFiles.length,
    endToEndImagesPerSecond: poolFiles.length / (pooled.ms / 1000),
  };

  // Decode + resize alone (sharp), one at a time and as a concurrent batch of 16.
  const decodeOpts = { size: 224, normalisation: '0..1' as const };
  const decodeFiles = photos.slice(0, 64);
  for (const f of decodeFiles.slice(0, 4)) await decodeImage(f, decodeOpts);
  const serial = await timeAsync(async () => {
    for (const f of decodeFiles) await decodeImage(f, decodeOpts);
  });
  const concurrent = await timeAsync(async () => {
    for (let i = 0; i < decodeFiles.length; i += 16) {
      await Promise.all(decodeFiles.slice(i, i + 16).map((f) => decodeImage(f, decodeOpts)));
    }
  });

  const cpu = await createExtractor({ backend: 'cpu' });
  runs.push(await throughput(cpu, 1, 3));
  runs.push(await throughput(cpu, 4, 4));
  const cpuMatmul = await tfMatmulGflops(256, 2);
  cpu.dispose();

  const peak = Math.max(jsMatmul, wasmMatmul);
  const limit = (peak * 1e9) / flops.total;
  const bestWasm = Math.max(
    ...runs.filter((r) => r.backend === 'wasm' && r.fused).map((r) => r.forwardImagesPerSecond),
  );
  const results = {
    model: 'darknet-tiny',
    flopsPerImage: flops.total,
    convFlopsPerImage: flops.conv,
    matmulGflops: { js: jsMatmul, wasm: wasmMatmul, cpuBackend: cpuMatmul },
    physicalLimitImagesPerSecond: limit,
    physicalLimitAllCoresImagesPerSecond: limit * cpus().length,
    shareOfLimit: bestWasm / limit,
    decodeMsPerImage: {
      serial: serial.ms / decodeFiles.length,
      concurrent16: concurrent.ms / decodeFiles.length,
    },
    throughput: runs,
    pool: poolRun,
    loadAverage1m: { start: loadAtStart, end: loadavg()[0] },
    notes: 'wasm runs single-threaded in Node (no wasm threads); the machine is shared with other work.',
  };
  const md = [
    '## Extractors (darknet-tiny, 224×224, TF.js 4.22)',
    '',
    markdownTable(
      ['backend', 'inference', 'batch', 'images', 'forward img/s', 'ms/img', 'end-to-end img/s'],
      runs.map((r) => [
        r.backend,
        r.fused ? 'fused (default)' : 'layers model',
        r.batch,
        r.images,
        fmt(r.forwardImagesPerSecond, 1),
        fmt(1000 / r.forwardImagesPerSecond, 0),
        fmt(r.endToEndImagesPerSecond, 1),
      ]),
    ),
    '',
    `ExtractorPool, ${poolRun.workers} wasm worker processes, batch 16: ${fmt(poolRun.endToEndImagesPerSecond, 1)} ` +
      `images/s end to end on ${poolRun.images} photos.`,
    '',
    `Decode + resize + crop (sharp): ${fmt(results.decodeMsPerImage.serial, 1)} ms/image one at a time, ` +
      `${fmt(results.decodeMsPerImage.concurrent16, 1)} ms/image 16 at a time.`,
    '',
    `Model cost: ${fmt(flops.total / 1e9, 3)} GFLOP/image (${fmt((100 * flops.conv) / flops.total, 1)} % in convolutions). ` +
      `Measured float32 matmul: ${fmt(jsMatmul, 2)} GFLOP/s plain JS, ${fmt(wasmMatmul, 2)} GFLOP/s TF.js wasm ` +
      `(XNNPACK, 1 thread), ${fmt(cpuMatmul, 2)} GFLOP/s TF.js cpu backend. Physical limit at the best matmul rate: ` +
      `${fmt(limit, 1)} images/s per core (${fmt(limit * cpus().length, 1)} on all ${cpus().length} cores); the best ` +
      `single-process wasm forward pass reaches ${fmt(100 * results.shareOfLimit, 0)} % of the per-core limit.`,
    '',
    `Load average (1 min) during the run: ${fmt(loadAtStart, 1)} → ${fmt(loadavg()[0], 1)} on ` +
      `${cpus().length} cores; wasm runs single-threaded in Node.`,
  ].join('\n');
  writeSuiteResults('extractors', results, md);
  process.stdout.write(`${md}\n`);
}

await main();
