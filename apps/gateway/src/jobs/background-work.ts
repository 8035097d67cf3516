import { AsyncLocalStorage } from 'node:async_hooks';

const background = new AsyncLocalStorage<true>();

/** Runs `work` marked as background work: everything it awaits sees `isBackgroundWork()` true. */
export function runAsBackground<T>(work: () => Promise<T>): Promise<T> {
  return background.run(true, work);
}

/**
 * True inside a job (`JobRunner` runs every job through `runAsBackground`): such work has no client waiting on it,
 * so the CNN queue's latency budget does not refuse it.
 */
export function isBackgroundWork(): boolean {
  return background.getStore() === true;
}
