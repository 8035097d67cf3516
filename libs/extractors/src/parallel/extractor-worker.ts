/**
 * Child process of an `ExtractorPool`: one extractor (own TF.js backend and model copy) answering requests from
 * the parent over IPC (advanced serialisation, so Float32Arrays travel as typed arrays).
 */
import { isExtractorError } from '../errors/extractor-error.js';
import { createExtractor, type Extractor, type ExtractorOptions, type TapResult } from '../extractor.js';
import type { ImageSource } from '../image/decode-image.js';
import type { EncodedImageFailure } from './extractor-pool.js';
import { registerModelFrom, type ModelSourceOptions, type TapSpec } from '../model/model-registry.js';

export type WorkerRequest =
  | { id: number; kind: 'init'; options: Omit<ExtractorOptions, 'logger'>; source?: ModelSourceOptions }
  | { id: number; kind: 'extract'; images: ImageSource[]; taps?: TapSpec[]; batchSize?: number }
  | { id: number; kind: 'pixels'; pixels: Float32Array; rows: number; taps?: TapSpec[] }
  | { id: number; kind: 'encoded'; images: Uint8Array[]; taps?: TapSpec[] };

export type WorkerReply =
  | {
      id: number;
      ok: true;
      result?: TapResult;
      log?: string;
      failed?: EncodedImageFailure[];
    }
  | { id: number; ok: false; code?: string; message: string };

let extractor: Extractor | undefined;

async function handle(request: WorkerRequest): Promise<WorkerReply> {
  if (request.kind === 'init') {
    if (request.source !== undefined) registerModelFrom(request.source);
    let log: string | undefined;
    extractor = await createExtractor({ ...request.options, logger: (line) => (log = line) });
    return { id: request.id, ok: true, log };
  }
  if (extractor === undefined) return { id: request.id, ok: false, message: 'worker not initialised' };
  if (request.kind === 'extract') {
    const result = await extractor.extract(request.images, {
      taps: request.taps,
      batchSize: request.batchSize,
    });
    return { id: request.id, ok: true, result };
  }
  if (request.kind === 'encoded') return { id: request.id, ...(await extractEncoded(extractor, request)) };
  return {
    id: request.id,
    ok: true,
    result: await extractor.extractPixels(request.pixels, request.rows, request.taps),
  };
}

/** Decodes every image (a bad one fails alone), runs the decodable ones in one forward pass, zero rows for the rest. */
async function extractEncoded(
  model: Extractor,
  request: { images: Uint8Array[]; taps?: TapSpec[] },
): Promise<{ ok: true; result: TapResult; failed: EncodedImageFailure[] }> {
  const decoded = await Promise.allSettled(request.images.map((bytes) => model.decode(bytes)));
  const failed: EncodedImageFailure[] = [];
  const okIndex: number[] = [];
  decoded.forEach((d, i) => {
    if (d.status === 'fulfilled') okIndex.push(i);
    else {
      const error: unknown = d.reason;
      failed.push({
        index: i,
        code: isExtractorError(error) ? error.code : 'NOT_AN_IMAGE',
        message: error instanceof Error ? error.message : String(error),
      });
    }
  });
  if (okIndex.length === 0) return { ok: true, result: {}, failed };
  const perImage = model.descriptor.inputSize ** 2 * 3;
  const pixels = new Float32Array(okIndex.length * perImage);
  okIndex.forEach((i, k) =>
    pixels.set((decoded[i] as PromiseFulfilledResult<Float32Array>).value, k * perImage),
  );
  const partial = await model.extractPixels(pixels, okIndex.length, request.taps);
  if (failed.length === 0) return { ok: true, result: partial, failed };
  const result: TapResult = {};
  for (const [key, m] of Object.entries(partial)) {
    const data = new Float32Array(request.images.length * m.cols);
    okIndex.forEach((i, k) => data.set(m.data.subarray(k * m.cols, (k + 1) * m.cols), i * m.cols));
    result[key] = { data, rows: request.images.length, cols: m.cols };
  }
  return { ok: true, result, failed };
}

process.on('message', (request: WorkerRequest) => {
  handle(request).then(
    (reply) => process.send?.(reply),
    (error: unknown) =>
      process.send?.({
        id: request.id,
        ok: false,
        code: isExtractorError(error) ? error.code : undefined,
        message: error instanceof Error ? error.message : String(error),
      } satisfies WorkerReply),
  );
});
process.on('disconnect', () => {
  extractor?.dispose();
  process.exit(0);
});
