/**
 * Child process of an `ExtractorPool`: one extractor (own TF.js backend and model copy) answering requests from
 * the parent over IPC (advanced serialisation, so Float32Arrays travel as typed arrays).
 */
import { isExtractorError } from '../errors/extractor-error.js';
import { createExtractor, type Extractor, type ExtractorOptions, type TapResult } from '../extractor.js';
import type { ImageSource } from '../image/decode-image.js';
import { registerModelFrom, type ModelSourceOptions, type TapSpec } from '../model/model-registry.js';

export type WorkerRequest =
  | { id: number; kind: 'init'; options: Omit<ExtractorOptions, 'logger'>; source?: ModelSourceOptions }
  | { id: number; kind: 'extract'; images: ImageSource[]; taps?: TapSpec[]; batchSize?: number }
  | { id: number; kind: 'pixels'; pixels: Float32Array; rows: number; taps?: TapSpec[] };

export type WorkerReply =
  | { id: number; ok: true; result?: TapResult; log?: string }
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
  return {
    id: request.id,
    ok: true,
    result: await extractor.extractPixels(request.pixels, request.rows, request.taps),
  };
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
