import { parentPort, workerData } from 'node:worker_threads';
import { projectCollection, type CollectionProjectionInput } from './collection-projection.js';

// One projection per thread: UMAP on thousands of points takes seconds, which must not stall the event loop.
try {
  const out = projectCollection(workerData as CollectionProjectionInput);
  parentPort?.postMessage({ ok: true, xy: out.xy, silhouette: out.silhouette }, [
    out.xy.buffer as ArrayBuffer,
  ]);
} catch (error) {
  parentPort?.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
}
