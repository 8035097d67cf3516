import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/database.js';
import { WorldRepository } from './world.repository.js';
import { buildWorldTree, describeFailure, type WorldBuildJob } from './world-build.js';

// One build per thread: the input arrives as workerData (its activations transferred, not copied). With a database
// file or server the tree is stored from here (its JSON can be tens of MB: neither the copy back nor the write
// should touch the main thread) and only the summary goes back; an in-memory database gets the JSON back to store.
const job = workerData as WorldBuildJob;
async function run(): Promise<void> {
  const built = buildWorldTree(job.input);
  if (job.database === undefined) {
    parentPort?.postMessage({ ok: true, summary: built.summary, treeJson: built.treeJson });
    return;
  }
  const { db } = await openDatabase(job.database);
  try {
    await new WorldRepository(db).setTree(job.worldId, built.treeJson, built.summary, null);
  } finally {
    await db.close();
  }
  parentPort?.postMessage({ ok: true, summary: built.summary });
}
run().catch((error: unknown) => parentPort?.postMessage({ ok: false, failure: describeFailure(error) }));
