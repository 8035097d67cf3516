import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Db } from '../db/database.js';
import { BadUserInputError } from '../errors/gateway-errors.js';
import { WorldRepository } from './world.repository.js';
import type { TreeSummary } from './world.type.js';
import type { WorldBuildFailure, WorldBuildInput, WorldBuildJob } from './world-build.js';

type Reply =
  { ok: true; summary: TreeSummary; treeJson?: string } | { ok: false; failure: WorldBuildFailure };

/**
 * The worker's entry: the compiled `.js` next to this file, or (tests running the sources) a bootstrap that
 * registers tsx and imports the `.ts` (a `--import tsx` flag does not reach a worker's own entry on Node 20).
 */
function workerEntry(): { entry: string; evaluate: boolean } {
  const js = new URL('./world-build.worker.js', import.meta.url);
  if (existsSync(fileURLToPath(js))) return { entry: fileURLToPath(js), evaluate: false };
  const ts = new URL('./world-build.worker.ts', import.meta.url).href;
  return {
    entry: `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(ts)}); });`,
    evaluate: true,
  };
}

/**
 * Builds world `worldId`'s tree (`buildWorldTree`) on a worker thread and stores it (tree JSON + summary) in `db`
 * (the worker opens its own connection to `db.location`: SQLite file or PostgreSQL),
 * so tree building, serialisation and the large write never hold the event loop: `/health` and queries keep
 * answering during the build. The activations are transferred, not copied — `input.table.data` is unusable afterwards.
 * Resolves to the tree's summary; input errors come back as BAD_USER_INPUT.
 */
export function buildWorldInWorker(input: WorldBuildInput, db: Db, worldId: string): Promise<TreeSummary> {
  const { entry, evaluate } = workerEntry();
  // A view of part of a larger buffer cannot be transferred alone: copy it into its own buffer first.
  const source = input.table.data;
  const data =
    source.byteOffset === 0 && source.byteLength === source.buffer.byteLength ? source : source.slice();
  const job: WorldBuildJob = {
    input: { ...input, table: { ...input.table, data } },
    worldId,
    // An in-memory SQLite database is this connection only: the worker sends the tree back to store instead.
    database: db.location.kind === 'sqlite' && db.location.file === ':memory:' ? undefined : db.location,
  };
  return new Promise<TreeSummary>((resolve, reject) => {
    let reply: Reply | undefined;
    const worker = new Worker(entry, {
      eval: evaluate,
      workerData: job,
      transferList: [data.buffer as ArrayBuffer],
    });
    worker.once('message', (message: Reply) => (reply = message));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (reply === undefined) {
        reject(new Error(`world build worker exited with code ${code} before answering`));
      } else if (reply.ok) {
        const { summary, treeJson } = reply;
        if (treeJson === undefined) resolve(summary);
        else
          new WorldRepository(db)
            .setTree(worldId, treeJson, summary, null)
            .then(() => resolve(summary), reject);
      } else if (reply.failure.invalidInput) {
        reject(new BadUserInputError(reply.failure.message));
      } else {
        const error = new Error(`world build failed: ${reply.failure.message}`);
        if (reply.failure.stack !== undefined) error.stack = reply.failure.stack;
        reject(error);
      }
    });
  });
}
