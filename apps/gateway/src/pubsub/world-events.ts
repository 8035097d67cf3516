import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

/** What changed about a world: its cached trees and maps on every replica are stale after any of these. */
export type WorldChange = 'created' | 'examples-added' | 'built' | 'build-failed' | 'deleted';

/** One invalidation message on the `<prefix>:world-events` channel. */
export interface WorldEvent {
  worldId: string;
  change: WorldChange;
  /** The publishing process (`WorldEvents.origin`), so a subscriber can tell its own events apart. */
  origin: string;
}

/** The publishing side, as writers (WorldService, the queue worker) see it. */
export interface WorldEventPublisher {
  publish(worldId: string, change: WorldChange): Promise<void>;
}

/** Options of `WorldEvents`. */
export interface WorldEventsOptions {
  /** Redis key prefix, the queue's (`CLUSTERFLOW_QUEUE_PREFIX`, default `clusterflow`): one channel per deployment. */
  prefix?: string;
  /** Called with a message that is not a `WorldEvent` (default: ignored). */
  onInvalid?: (raw: string) => void;
}

const CHANGES: ReadonlySet<string> = new Set<WorldChange>([
  'created',
  'examples-added',
  'built',
  'build-failed',
  'deleted',
]);

/**
 * Cache invalidation between gateway replicas over Redis pub/sub (`CLUSTERFLOW_REDIS_URL`): every write to a world
 * publishes its id, and each replica drops what it keeps in memory for that world. Caches are also keyed by the
 * world's `updated_at` from the shared database, so a lost message (pub/sub is at-most-once) costs memory, never a
 * stale answer; the message frees the old entry at once instead of at the next query.
 */
export class WorldEvents implements WorldEventPublisher {
  /** This process's id in the events it publishes. */
  readonly origin = randomUUID();
  readonly channel: string;
  private readonly publisher: Redis;
  private subscriber: Redis | undefined;
  private readonly onInvalid: (raw: string) => void;

  constructor(
    private readonly redisUrl: string,
    options: WorldEventsOptions = {},
  ) {
    this.channel = `${options.prefix ?? 'clusterflow'}:world-events`;
    this.onInvalid = options.onInvalid ?? (() => undefined);
    this.publisher = client(redisUrl);
  }

  /**
   * Publishes a change. Never throws: Redis being down must not fail the write that already committed (the
   * `updated_at` key keeps other replicas correct); returns once Redis took it or refused it.
   */
  async publish(worldId: string, change: WorldChange): Promise<void> {
    const event: WorldEvent = { worldId, change, origin: this.origin };
    await this.publisher.publish(this.channel, JSON.stringify(event)).catch(() => undefined);
  }

  /** Calls `handler` for every event published by any process (this one included); resolves once subscribed. */
  async subscribe(handler: (event: WorldEvent) => void): Promise<void> {
    if (this.subscriber !== undefined) throw new Error('WorldEvents.subscribe: already subscribed');
    // A subscribed ioredis connection takes no other commands: a second connection.
    const subscriber = client(this.redisUrl);
    this.subscriber = subscriber;
    subscriber.on('message', (channel: string, raw: string) => {
      if (channel !== this.channel) return;
      const event = parseEvent(raw);
      if (event === undefined) this.onInvalid(raw);
      else handler(event);
    });
    await subscriber.subscribe(this.channel);
  }

  close(): void {
    this.publisher.disconnect();
    this.subscriber?.disconnect();
  }
}

function client(url: string): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: 1,
    // Reconnect (at most every 2 s) so invalidation resumes once Redis is back; ioredis re-subscribes by itself.
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  // Errors surface through publish (swallowed on purpose) and /ready's probe; without a listener ioredis logs each.
  redis.on('error', () => undefined);
  return redis;
}

function parseEvent(raw: string): WorldEvent | undefined {
  try {
    const v = JSON.parse(raw) as Partial<WorldEvent>;
    if (typeof v.worldId === 'string' && typeof v.change === 'string' && CHANGES.has(v.change))
      return { worldId: v.worldId, change: v.change, origin: typeof v.origin === 'string' ? v.origin : '' };
  } catch {
    // Not JSON: reported below.
  }
  return undefined;
}
