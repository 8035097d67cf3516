import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/database.js';
import { WorldRepository } from './world.repository.js';
import { buildWorldTree, describeFailure, type WorldBuildJob } from './world-build.js';

// One build per thread: the input arrives as workerData (its activations transferred, not copied). With a database
// file the tree is stored from here (its JSON can be tens of MB: neither the copy back nor the write should touch
// the main thread) and only the summary goes back; an in-memory database gets the JSON back to store.
const job = workerData as WorldBuildJob;
try {
  const built = buildWorldTree(job.input);
  if (job.databasePath === undefined) {
    parentPort?.postMessage({ ok: true, summary: built.summary, treeJson: built.treeJson });
  } else {
    const { db } = openDatabase(job.databasePath);
    try {
      new WorldRepository(db).setTree(job.worldId, built.treeJson, built.summary, null);
    } finally {
      db.close();
    }
    parentPort?.postMessage({ ok: true, summary: built.summary });
  }
} catch (error) {
  parentPort?.postMessage({ ok: false, failure: describeFailure(error) });
}
