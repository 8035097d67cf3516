/** The world-build queue as `/ready` reports it: what waits, what runs, and who pulls. */
export interface QueueStats {
  /** Builds waiting for a worker (BullMQ `waiting` + `delayed`: retries in backoff count here). */
  waiting: number;
  /** Builds a worker holds right now. */
  active: number;
  /** Builds that used up their tries (kept 5000 deep; their job rows say FAILED). */
  failed: number;
  /** `clusterflow-worker` connections pulling from the queue (BullMQ's worker registry). */
  workers: number;
}
