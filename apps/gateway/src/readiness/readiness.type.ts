import type { QueueStats } from './queue-stats.type.js';

/** One dependency's answer to a readiness probe. */
export interface DependencyCheck {
  /** False when the dependency is not configured (nothing to reach), true otherwise. */
  configured: boolean;
  /** Answered within the probe's time limit (always true when not configured). */
  ok: boolean;
  /** Round trip of the probe in milliseconds (null when not configured). */
  ms: number | null;
  /** The driver's error, clipped, when `ok` is false. */
  error?: string;
}

/** `GET /ready`: can this replica take traffic — is the database reachable, and the queue when one is configured. */
export interface Readiness {
  /** `ready` (HTTP 200), `not-ready` or `shutting-down` (both HTTP 503). */
  status: 'ready' | 'not-ready' | 'shutting-down';
  database: DependencyCheck & { backend: 'sqlite' | 'postgres' };
  queue: DependencyCheck & {
    backend: 'redis' | null;
    /** Queue depth and worker count, when the queue answered (absent when not configured or unreachable). */
    stats?: QueueStats;
  };
}
