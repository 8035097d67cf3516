import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CollectionProjectionInput, CollectionProjectionOutput } from './collection-projection.js';

type Reply = { ok: true; xy: Float64Array; silhouette: number | null } | { ok: false; message: string };

/** The compiled worker next to this file, or (tests on the sources) a bootstrap registering tsx first. */
function workerEntry(): { entry: string; evaluate: boolean } {
  const js = new URL('./collection-map.worker.js', import.meta.url);
  if (existsSync(fileURLToPath(js))) return { entry: fileURLToPath(js), evaluate: false };
  const ts = new URL('./collection-map.worker.ts', import.meta.url).href;
  return {
    entry: `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(ts)}); });`,
    evaluate: true,
  };
}

/** Runs `projectCollection` on a worker thread (features transferred, not copied: `input.data` is unusable after). */
export function projectInWorker(input: CollectionProjectionInput): Promise<CollectionProjectionOutput> {
  const { entry, evaluate } = workerEntry();
  const data =
    input.data.byteOffset === 0 && input.data.byteLength === input.data.buffer.byteLength
      ? input.data
      : input.data.slice();
  return new Promise((resolve, reject) => {
    let reply: Reply | undefined;
    const worker = new Worker(entry, {
      eval: evaluate,
      workerData: { ...input, data },
      transferList: [data.buffer as ArrayBuffer],
    });
    worker.once('message', (message: Reply) => (reply = message));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (reply === undefined)
        reject(new Error(`collection map worker exited with code ${code} before answering`));
      else if (reply.ok) resolve({ xy: reply.xy, silhouette: reply.silhouette });
      else reject(new Error(`collection projection failed: ${reply.message}`));
    });
  });
}
