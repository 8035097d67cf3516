import type { SqlDatabase } from '../db/database.js';
import type { DependencyCheck, Readiness } from './readiness.type.js';

/** Something that answers a reachability probe (the database, the queue's Redis). */
export interface Pingable {
  ping(): Promise<void>;
}

/** Options of `ReadinessService`. */
export interface ReadinessOptions {
  /** Milliseconds each probe may take before it counts as unreachable (default 2000). */
  timeoutMs?: number;
}

/**
 * `GET /ready` for a load balancer or orchestrator: the replica is ready when its database answers and, when a queue
 * is configured, its Redis answers too. Probes run in parallel, each bounded by the time limit.
 */
export class ReadinessService {
  private readonly timeoutMs: number;

  constructor(
    private readonly db: Pick<SqlDatabase, 'ping' | 'dialect'>,
    private readonly queue: Pingable | undefined,
    private readonly shuttingDown: () => boolean,
    options: ReadinessOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 2000;
  }

  async check(): Promise<Readiness> {
    const [database, queue] = await Promise.all([
      probe(this.db, this.timeoutMs),
      this.queue === undefined
        ? Promise.resolve<DependencyCheck>({ configured: false, ok: true, ms: null })
        : probe(this.queue, this.timeoutMs),
    ]);
    const status = this.shuttingDown() ? 'shutting-down' : database.ok && queue.ok ? 'ready' : 'not-ready';
    return {
      status,
      database: { ...database, backend: this.db.dialect },
      queue: { ...queue, backend: this.queue === undefined ? null : 'redis' },
    };
  }
}

async function probe(target: Pingable, timeoutMs: number): Promise<DependencyCheck> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      target.ping(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { configured: true, ok: true, ms: elapsed(started) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { configured: true, ok: false, ms: elapsed(started), error: message.slice(0, 200) };
  } finally {
    clearTimeout(timer);
  }
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}
