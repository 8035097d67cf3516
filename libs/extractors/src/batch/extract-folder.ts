import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ExtractorError, isExtractorError } from '../errors/extractor-error.js';
import type { TapResult } from '../extractor.js';
import type { ImageSource } from '../image/decode-image.js';
import type { ModelDescriptor, TapSpec } from '../model/model-registry.js';
import {
  readActivationTable,
  writeActivationTable,
  type ActivationTable,
} from '../table/activation-table.js';
import { tapKey } from '../taps/tap-plan.js';
import { listFolderImages, type FolderImage } from './list-folder-images.js';

/** What `extractFolder` needs: an `Extractor`, or an `ExtractorPool` (which also says how many workers it has). */
export interface FolderRunner {
  /** The model; its name is recorded in the table and the checkpoint. */
  readonly descriptor: ModelDescriptor;
  /** Decodes, resizes and normalises one image into model input. */
  decode(image: ImageSource): Promise<Float32Array>;
  /** Runs `rows` decoded images (concatenated) through the model and returns the requested taps. */
  extractPixels(pixels: Float32Array, rows: number, taps?: TapSpec[]): Promise<TapResult>;
  /** Forward passes that may run at once. Default 1. */
  readonly workers?: number;
}

/** Progress of `extractFolder`, passed to `onProgress`. */
export interface FolderProgress {
  /** Images with activations so far (including those restored from a checkpoint). */
  done: number;
  /** Images found in the folder. */
  total: number;
  /** Images that could not be decoded (left out of the table). */
  skipped: number;
  /** Images per second in this run. */
  rate: number;
  /** Seconds left at the current rate (`Infinity` before the first batch). */
  etaSeconds: number;
}

/** An image `extractFolder` left out of the table because it could not be decoded. */
export interface SkippedImage {
  /** Path relative to the folder, with `/` separators (as in `FolderImage`). */
  id: string;
  /** Absolute path of the file. */
  file: string;
  /** The `ExtractorErrorCode` of the decode failure. */
  code: string;
  /** The error message. */
  message: string;
}

/** Options for `extractFolder`. */
export interface ExtractFolderOptions {
  /** Where the finished table is written (Arrow IPC). The checkpoint lives in `<output>.partial/`. */
  output: string;
  /** Default `'classSpace'`. */
  tap?: TapSpec;
  /** Images per forward pass. Default 16. */
  batchSize?: number;
  /** Write a checkpoint chunk after at least this many new images. Default 256. */
  checkpointEvery?: number;
  /** Default true: continue from `<output>.partial/` if present, skipping the images already done. */
  resume?: boolean;
  /** Called once before the first batch and again after every batch. */
  onProgress?: (progress: FolderProgress) => void;
}

/** What `extractFolder` produced. */
export interface ExtractFolderResult {
  /** The finished table (also written to `options.output`), rows in folder order. */
  table: ActivationTable;
  /** Images left out because they could not be decoded, sorted by id. */
  skipped: SkippedImage[];
  /** Images restored from a checkpoint instead of being recomputed. */
  resumed: number;
}

interface CheckpointMeta {
  model: string;
  tap: string;
  folder: string;
}

/**
 * Extracts one tap for every image under `folder` (see `listFolderImages`) into an activation table at
 * `options.output`. Undecodable images are skipped and reported, not fatal. Progress is checkpointed in
 * append-only chunks, so an interrupted run restarts where it stopped and total I/O stays linear.
 */
export async function extractFolder(
  runner: FolderRunner,
  folder: string,
  options: ExtractFolderOptions,
): Promise<ExtractFolderResult> {
  const tap = options.tap ?? 'classSpace';
  const key = tapKey(tap);
  const batchSize = options.batchSize ?? 16;
  const checkpointEvery = options.checkpointEvery ?? 256;
  const images = await listFolderImages(folder);
  const partialDir = `${options.output}.partial`;
  const meta: CheckpointMeta = { model: runner.descriptor.name, tap: key, folder: path.resolve(folder) };

  const restored = options.resume === false ? [] : await readCheckpoint(partialDir, meta);
  if (options.resume === false) await rm(partialDir, { recursive: true, force: true });
  await mkdir(partialDir, { recursive: true });
  await writeFile(path.join(partialDir, 'meta.json'), JSON.stringify(meta));

  const doneIds = new Set(restored.flatMap((chunk) => chunk.ids));
  const pending = images.filter((image) => !doneIds.has(image.id));
  const chunks: ActivationTable[] = [...restored];
  const skipped: SkippedImage[] = [];
  let pendingChunk: { images: FolderImage[]; rows: Float32Array[] } = { images: [], rows: [] };
  let chunkIndex = restored.length;
  let cols = restored[0]?.cols ?? 0;
  const started = Date.now();
  let processed = 0;

  const flush = async (): Promise<void> => {
    if (pendingChunk.images.length === 0) return;
    const table = chunkTable(pendingChunk.images, pendingChunk.rows, cols, meta);
    pendingChunk = { images: [], rows: [] };
    chunks.push(table);
    chunkIndex++;
    const name = `chunk-${String(chunkIndex).padStart(6, '0')}.arrow`;
    await writeActivationTable(path.join(partialDir, name), table);
  };
  // Lanes finish batches concurrently; checkpoint writes happen one after another.
  let flushing: Promise<void> = Promise.resolve();
  const flushInOrder = (): Promise<void> => (flushing = flushing.then(flush));
  const report = (): void => {
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? processed / seconds : 0;
    const done = doneIds.size + processed;
    const remaining = images.length - done - skipped.length;
    options.onProgress?.({
      done,
      total: images.length,
      skipped: skipped.length,
      rate,
      etaSeconds: rate > 0 ? remaining / rate : remaining === 0 ? 0 : Infinity,
    });
  };

  const decodeBatch = (batch: FolderImage[]): Promise<(Float32Array | SkippedImage)[]> =>
    Promise.all(
      batch.map((image) =>
        runner.decode(image.file).catch((error: unknown): SkippedImage => {
          if (!isExtractorError(error)) throw error;
          return { id: image.id, file: image.file, code: error.code, message: error.message };
        }),
      ),
    );
  const runBatch = async (batch: FolderImage[]): Promise<void> => {
    const decoded = await decodeBatch(batch);
    const good: FolderImage[] = [];
    const pixels: Float32Array[] = [];
    decoded.forEach((item, i) => {
      if (item instanceof Float32Array) {
        good.push(batch[i]);
        pixels.push(item);
      } else skipped.push(item);
    });
    if (good.length > 0) {
      const perImage = pixels[0].length;
      const joined = new Float32Array(good.length * perImage);
      pixels.forEach((p, i) => joined.set(p, i * perImage));
      const result = (await runner.extractPixels(joined, good.length, [tap]))[key];
      cols = result.cols;
      for (let r = 0; r < good.length; r++) {
        pendingChunk.images.push(good[r]);
        pendingChunk.rows.push(result.data.slice(r * cols, (r + 1) * cols));
      }
      processed += good.length;
      if (pendingChunk.images.length >= checkpointEvery) await flushInOrder();
    }
    report();
  };

  const batches: FolderImage[][] = [];
  for (let i = 0; i < pending.length; i += batchSize) batches.push(pending.slice(i, i + batchSize));
  // One lane more than there are model workers: while a lane runs the model, another decodes (sharp, libuv threads).
  const lanes = Math.min(batches.length, (runner.workers ?? 1) + 1);
  let nextBatch = 0;
  let failed = false;
  report();
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (!failed && nextBatch < batches.length) {
        const batch = batches[nextBatch++];
        try {
          await runBatch(batch);
        } catch (error) {
          failed = true;
          throw error;
        }
      }
    }),
  );
  await flushInOrder();

  const table = assemble(images, chunks, cols, meta);
  await writeActivationTable(options.output, table);
  await rm(partialDir, { recursive: true, force: true });
  skipped.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { table, skipped, resumed: doneIds.size };
}

function chunkTable(
  images: FolderImage[],
  rows: Float32Array[],
  cols: number,
  meta: CheckpointMeta,
): ActivationTable {
  const data = new Float32Array(images.length * cols);
  rows.forEach((row, i) => data.set(row, i * cols));
  return {
    ids: images.map((i) => i.id),
    files: images.map((i) => i.file),
    labelSets: images.map((i) => i.labels),
    data,
    rows: images.length,
    cols,
    model: meta.model,
    tap: meta.tap,
  };
}

/** Rows in folder order, gathered from the chunks (restored and new). */
function assemble(
  images: FolderImage[],
  chunks: ActivationTable[],
  cols: number,
  meta: CheckpointMeta,
): ActivationTable {
  const where = new Map<string, { chunk: ActivationTable; row: number }>();
  for (const chunk of chunks) chunk.ids.forEach((id, row) => where.set(id, { chunk, row }));
  const present = images.filter((image) => where.has(image.id));
  const data = new Float32Array(present.length * cols);
  const labelSets: string[][] = [];
  present.forEach((image, i) => {
    const { chunk, row } = where.get(image.id) as { chunk: ActivationTable; row: number };
    data.set(chunk.data.subarray(row * cols, (row + 1) * cols), i * cols);
    labelSets.push(chunk.labelSets[row]);
  });
  return {
    ids: present.map((i) => i.id),
    files: present.map((i) => i.file),
    labelSets,
    data,
    rows: present.length,
    cols: Math.max(cols, 1),
    model: meta.model,
    tap: meta.tap,
  };
}

async function readCheckpoint(partialDir: string, meta: CheckpointMeta): Promise<ActivationTable[]> {
  let saved: CheckpointMeta;
  try {
    saved = JSON.parse(await readFile(path.join(partialDir, 'meta.json'), 'utf8')) as CheckpointMeta;
  } catch {
    return [];
  }
  if (saved.model !== meta.model || saved.tap !== meta.tap || saved.folder !== meta.folder) {
    throw new ExtractorError(
      'INVALID_ARGUMENT',
      `Checkpoint "${partialDir}" belongs to model ${saved.model}, tap ${saved.tap}, folder ${saved.folder}; ` +
        `this run is ${meta.model}, ${meta.tap}, ${meta.folder}. Delete it or pass resume: false.`,
    );
  }
  const names = (await readdir(partialDir)).filter((n) => /^chunk-\d+\.arrow$/.test(n)).sort();
  const chunks: ActivationTable[] = [];
  for (const name of names) {
    try {
      chunks.push(await readActivationTable(path.join(partialDir, name)));
    } catch {
      // A chunk cut short by a crash is simply recomputed.
    }
  }
  return chunks;
}
