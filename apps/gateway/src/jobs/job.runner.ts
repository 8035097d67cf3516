import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { now, type Db } from '../db/database.js';
import { GatewayError } from '../errors/gateway-errors.js';
import { runAsBackground } from './background-work.js';
import { Job, JobKind, JobStatus } from './job.type.js';

/** Lets a running job say how far it got. */
export type ProgressReporter = (done: number, total: number, message: string) => void;
export type JobWork = (report: ProgressReporter) => Promise<string>;

interface JobRow {
  id: string;
  kind: string;
  world_id: string | null;
  status: string;
  done: number;
  total: number;
  message: string;
  error_code: string | null;
  error_message: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  result_sample_id: string | null;
}

/**
 * Background jobs persisted in the `jobs` table and run one at a time in this process (a world build is CNN
 * work; running two at once would only make both slower). State survives restarts; work does not: a job found
 * QUEUED or RUNNING at start-up is marked FAILED with code INTERRUPTED.
 */
export class JobRunner {
  private chain: Promise<void> = Promise.resolve();
  private stopping = false;

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
  ) {
    const interrupted = this.db
      .prepare(
        `UPDATE jobs SET status = 'FAILED', error_code = 'INTERRUPTED', finished_at = ?,
           error_message = 'The gateway stopped before this job finished; run the mutation again.'
         WHERE status IN ('QUEUED', 'RUNNING')`,
      )
      .run(now());
    if (interrupted.changes > 0)
      this.logger.warn({ jobs: interrupted.changes }, 'marked interrupted jobs as failed');
  }

  /** Inserts a QUEUED job row; call inside the transaction that creates the data it will work on. */
  insert(kind: JobKind, worldId: string | null, total: number): string {
    const id = `j_${randomUUID()}`;
    this.db
      .prepare(
        `INSERT INTO jobs (id, kind, world_id, status, total, message, created_at) VALUES (?, ?, ?, 'QUEUED', ?, 'queued', ?)`,
      )
      .run(id, kind, worldId, total, now());
    return id;
  }

  /** Runs `work` after every job queued before it. `onFailure` runs (in its own try) if `work` throws. */
  start(id: string, work: JobWork, onFailure: (error: unknown) => void = () => undefined): void {
    this.chain = this.chain.then(() => this.execute(id, work, onFailure));
  }

  /** Records the sample a job produced (call from inside the job before it returns). */
  setResultSample(id: string, sampleId: string): void {
    this.db.prepare('UPDATE jobs SET result_sample_id = ? WHERE id = ?').run(sampleId, id);
  }

  get(id: string): Job | undefined {
    const row = this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
    return row === undefined ? undefined : toJob(row);
  }

  counts(): { queued: number; running: number } {
    const rows = this.db
      .prepare(`SELECT status, COUNT(*) AS n FROM jobs WHERE status IN ('QUEUED', 'RUNNING') GROUP BY status`)
      .all() as { status: string; n: number }[];
    const of = (s: string): number => rows.find((r) => r.status === s)?.n ?? 0;
    return { queued: of('QUEUED'), running: of('RUNNING') };
  }

  /** The unfinished job for a world, if any. */
  activeForWorld(worldId: string): string | undefined {
    const row = this.db
      .prepare(`SELECT id FROM jobs WHERE world_id = ? AND status IN ('QUEUED', 'RUNNING') LIMIT 1`)
      .get(worldId) as { id: string } | undefined;
    return row?.id;
  }

  /** Starts no further jobs and resolves when the current one has finished (or at once if none runs). */
  stop(): Promise<void> {
    this.stopping = true;
    return this.chain;
  }

  /** Resolves when every job queued so far has finished (tests, demo seeding). */
  whenIdle(): Promise<void> {
    return this.chain;
  }

  private async execute(id: string, work: JobWork, onFailure: (error: unknown) => void): Promise<void> {
    if (this.stopping) return; // left QUEUED; marked INTERRUPTED on the next start
    const update = this.db.prepare('UPDATE jobs SET done = ?, total = ?, message = ? WHERE id = ?');
    this.db
      .prepare(`UPDATE jobs SET status = 'RUNNING', started_at = ?, message = 'running' WHERE id = ?`)
      .run(now(), id);
    const log = this.logger.child({ jobId: id });
    log.info('job started');
    try {
      // Background: the CNN queue admits job work whatever the latency budget (no client waits on it).
      const message = await runAsBackground(() =>
        work((done, total, msg) => update.run(done, total, msg, id)),
      );
      this.db
        .prepare(
          `UPDATE jobs SET status = 'SUCCEEDED', done = total, message = ?, finished_at = ? WHERE id = ?`,
        )
        .run(message, now(), id);
      log.info({ message }, 'job succeeded');
    } catch (error) {
      const code = error instanceof GatewayError ? error.code : 'INTERNAL_ERROR';
      const text = error instanceof Error ? error.message : String(error);
      this.db
        .prepare(
          `UPDATE jobs SET status = 'FAILED', error_code = ?, error_message = ?, message = 'failed', finished_at = ? WHERE id = ?`,
        )
        .run(code, text, now(), id);
      log.error({ err: error }, 'job failed');
      try {
        onFailure(error);
      } catch (cleanupError) {
        log.error({ err: cleanupError }, 'job failure handler failed');
      }
    }
  }
}

function toJob(row: JobRow): Job {
  const status = row.status as JobStatus;
  return {
    id: row.id,
    kind: row.kind as JobKind,
    status,
    done: row.done,
    total: row.total,
    progress: status === JobStatus.SUCCEEDED ? 1 : row.total > 0 ? Math.min(1, row.done / row.total) : 0,
    message: row.message,
    worldId: row.world_id,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    sampleId: row.result_sample_id,
  };
}
