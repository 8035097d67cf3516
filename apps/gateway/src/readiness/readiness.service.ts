import type { SqlDatabase } from '../db/database.js';
import type { QueueStats } from './queue-stats.type.js';
import type { DependencyCheck, Readiness } from './readiness.type.js';

/** Something that answers a reachability probe (the database, the queue's Redis). */
export interface Pingable {
  ping(): Promise<void>;
}

/** Options of `ReadinessService`. */
export interface ReadinessOptions {
  /** Milliseconds each probe may take before it counts as unreachable (default 2000). */
  timeoutMs?: number;
  /** Reads queue depth and workers once the queue's probe answered (default: none, `queue.stats` left out). */
  queueStats?: () => Promise<QueueStats>;
}

/**
 * `GET /ready` for a load balancer or orchestrator: the replica is ready when its database answers and, when a queue
 * is configured, its Redis answers too. Probes run in parallel, each bounded by the time limit.
 */
export class ReadinessService {
  private readonly timeoutMs: number;
  private readonly queueStats: (() => Promise<QueueStats>) | undefined;

  constructor(
    private readonly db: Pick<SqlDatabase, 'ping' | 'dialect'>,
    private readonly queue: Pingable | undefined,
    private readonly shuttingDown: () => boolean,
    options: ReadinessOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 2000;
    this.queueStats = options.queueStats;
  }

  async check(): Promise<Readiness> {
    const [database, queue] = await Promise.all([
      probe(this.db, this.timeoutMs),
      this.queue === undefined
        ? Promise.resolve<DependencyCheck>({ configured: false, ok: true, ms: null })
        : probe(this.queue, this.timeoutMs),
    ]);
    // Stats only after the probe answered: the queue's own client waits for Redis instead of failing fast.
    const stats =
      queue.ok && queue.configured && this.queueStats !== undefined
        ? await bounded(this.queueStats(), this.timeoutMs).catch(() => undefined)
        : undefined;
    const status = this.shuttingDown() ? 'shutting-down' : database.ok && queue.ok ? 'ready' : 'not-ready';
    return {
      status,
      database: { ...database, backend: this.db.dialect },
      queue: {
        ...queue,
        backend: this.queue === undefined ? null : 'redis',
        ...(stats === undefined ? {} : { stats }),
      },
    };
  }
}

async function probe(target: Pingable, timeoutMs: number): Promise<DependencyCheck> {
  const started = performance.now();
  try {
    await bounded(target.ping(), timeoutMs);
    return { configured: true, ok: true, ms: elapsed(started) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { configured: true, ok: false, ms: elapsed(started), error: message.slice(0, 200) };
  }
}

async function bounded<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}
