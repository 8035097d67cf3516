import { Queue } from 'bullmq';
import type { QueueStats } from '../readiness/queue-stats.type.js';
import type { QueuedBuilds } from '../worlds/queued-builds.js';

/** The BullMQ queue world builds go to. */
export const WORLD_BUILD_QUEUE = 'world-builds';

/** What a queued world build carries: the gateway's job row and the world it builds. */
export interface WorldBuildJobData {
  jobId: string;
  worldId: string;
}

/** Options of `WorldBuildQueue`. */
export interface WorldBuildQueueOptions {
  /** Redis key prefix (`CLUSTERFLOW_QUEUE_PREFIX`, default `clusterflow`): separates deployments on one Redis. */
  prefix?: string;
  /** Tries per build before it is marked FAILED (default 3). */
  attempts?: number;
  /** First retry delay in ms, doubled each retry (default 2000). */
  backoffMs?: number;
  /** How long `enqueue` waits for Redis before it fails (default 5000 ms). */
  enqueueTimeoutMs?: number;
}

/**
 * The producer side (gateways): a world build becomes a BullMQ job whose id is the gateway's job id, so a second
 * enqueue of the same build is a no-op; retries back off exponentially.
 */
export class WorldBuildQueue implements QueuedBuilds {
  private readonly queue: Queue<WorldBuildJobData>;
  private readonly attempts: number;
  private readonly backoffMs: number;
  private readonly enqueueTimeoutMs: number;

  constructor(redisUrl: string, options: WorldBuildQueueOptions = {}) {
    this.queue = new Queue<WorldBuildJobData>(WORLD_BUILD_QUEUE, {
      connection: { url: redisUrl },
      prefix: options.prefix ?? 'clusterflow',
    });
    // Connection errors surface when adding a job; without a listener they would be logged as unhandled.
    this.queue.on('error', () => undefined);
    this.attempts = options.attempts ?? 3;
    this.backoffMs = options.backoffMs ?? 2000;
    this.enqueueTimeoutMs = options.enqueueTimeoutMs ?? 5000;
  }

  /**
   * Adds the build; rejects when Redis has not taken it within the time limit. (The client keeps the command and
   * may still deliver it once Redis is back; the worker then runs the build and its job row says so.)
   */
  async enqueue(jobId: string, worldId: string): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Redis did not answer within ${this.enqueueTimeoutMs} ms`)),
        this.enqueueTimeoutMs,
      );
    });
    try {
      await Promise.race([this.add(jobId, worldId), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Depth and workers of the queue (for `/ready`; call it only once Redis answered a probe: it waits for Redis). */
  async stats(): Promise<QueueStats> {
    const [counts, workers] = await Promise.all([
      this.queue.getJobCounts('waiting', 'delayed', 'prioritized', 'active', 'failed'),
      this.queue.getWorkersCount(),
    ]);
    const n = (k: string): number => counts[k] ?? 0;
    return {
      waiting: n('waiting') + n('delayed') + n('prioritized'),
      active: n('active'),
      failed: n('failed'),
      workers,
    };
  }

  close(): Promise<void> {
    return this.queue.close();
  }

  private async add(jobId: string, worldId: string): Promise<void> {
    await this.queue.add(
      'build-world',
      { jobId, worldId },
      {
        jobId,
        attempts: this.attempts,
        backoff: { type: 'exponential', delay: this.backoffMs },
        removeOnComplete: 1000,
        removeOnFail: 5000,
      },
    );
  }
}
