import { AsyncLocalStorage } from 'node:async_hooks';

const arrival = new AsyncLocalStorage<number>();

/**
 * Runs `work` (one HTTP request) with the time it arrived (`performance.now()` ms) visible to everything it awaits:
 * the CNN queue counts the time a request already spent (parsing, validation, reading samples) against its latency
 * budget, so the budget bounds what the client waits, not only the queue.
 */
export function runWithClientWait<T>(arrivedAt: number, work: () => Promise<T>): Promise<T> {
  return arrival.run(arrivedAt, work);
}

/** When the HTTP request being served arrived (`performance.now()` ms); undefined outside one (jobs, unit tests). */
export function clientWaitStart(): number | undefined {
  return arrival.getStore();
}
