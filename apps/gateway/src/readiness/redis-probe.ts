import { Redis } from 'ioredis';

/** Options of `RedisProbe`. */
export interface RedisProbeOptions {
  /** Milliseconds a connection attempt may take (default 2000). */
  connectTimeoutMs?: number;
}

/**
 * Reachability of the Redis behind the job queue (`CLUSTERFLOW_REDIS_URL`): one client kept open, commands fail at
 * once while it is disconnected (no offline queue) and it reconnects in the background.
 */
export class RedisProbe {
  private readonly client: Redis;

  constructor(url: string, options: RedisProbeOptions = {}) {
    this.client = new Redis(url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: options.connectTimeoutMs ?? 2000,
      // Keep trying (at most every 2 s) so the replica becomes ready again once Redis is back.
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    });
    // Connection errors surface through ping(); without a listener ioredis would log each one.
    this.client.on('error', () => undefined);
  }

  /** Resolves when Redis answers PING; rejects with the client's error otherwise. */
  async ping(): Promise<void> {
    if (this.client.status === 'wait') await this.client.connect();
    await this.client.ping();
  }

  close(): void {
    this.client.disconnect();
  }
}
