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
  ) {}

  /**
   * Marks every job left QUEUED or RUNNING by a previous stop as FAILED / INTERRUPTED (call once at start-up,
   * before any job is queued), or only those of `kinds` (the kinds that run in this process). Resolves to how many
   * were marked.
   */
  async markInterrupted(kinds?: readonly JobKind[]): Promise<number> {
    if (kinds !== undefined && kinds.length === 0) return 0;
    const only = kinds === undefined ? '' : ` AND kind IN (${kinds.map(() => '?').join(', ')})`;
    const interrupted = await this.db.run(
      `UPDATE jobs SET status = 'FAILED', error_code = 'INTERRUPTED', finished_at = ?,
         error_message = 'The gateway stopped before this job finished; run the mutation again.'
       WHERE status IN ('QUEUED', 'RUNNING')${only}`,
      [now(), ...(kinds ?? [])],
    );
    if (interrupted.changes > 0)
      this.logger.warn({ jobs: interrupted.changes }, 'marked interrupted jobs as failed');
    return interrupted.changes;
  }

  /** Inserts a QUEUED job row; call inside the transaction that creates the data it will work on. */
  async insert(kind: JobKind, worldId: string | null, total: number): Promise<string> {
    const id = `j_${randomUUID()}`;
    await this.db.run(
      `INSERT INTO jobs (id, kind, world_id, status, total, message, created_at) VALUES (?, ?, ?, 'QUEUED', ?, 'queued', ?)`,
      [id, kind, worldId, total, now()],
    );
    return id;
  }

  /** Runs `work` after every job queued before it. `onFailure` runs (in its own try) if `work` throws. */
  start(
    id: string,
    work: JobWork,
    onFailure: (error: unknown) => void | Promise<void> = () => undefined,
  ): void {
    this.chain = this.chain.then(() => this.execute(id, work, onFailure));
  }

  /** Records the sample a job produced (call from inside the job before it returns). */
  async setResultSample(id: string, sampleId: string): Promise<void> {
    await this.db.run('UPDATE jobs SET result_sample_id = ? WHERE id = ?', [sampleId, id]);
  }

  async get(id: string): Promise<Job | undefined> {
    const row = await this.db.get<JobRow>('SELECT * FROM jobs WHERE id = ?', [id]);
    return row === undefined ? undefined : toJob(row);
  }

  async counts(): Promise<{ queued: number; running: number }> {
    const rows = await this.db.all<{ status: string; n: number }>(
      `SELECT status, CAST(COUNT(*) AS INTEGER) AS n FROM jobs WHERE status IN ('QUEUED', 'RUNNING') GROUP BY status`,
    );
    const of = (s: string): number => rows.find((r) => r.status === s)?.n ?? 0;
    return { queued: of('QUEUED'), running: of('RUNNING') };
  }

  /** The unfinished job for a world, if any. */
  async activeForWorld(worldId: string): Promise<string | undefined> {
    const row = await this.db.get<{ id: string }>(
      `SELECT id FROM jobs WHERE world_id = ? AND status IN ('QUEUED', 'RUNNING') LIMIT 1`,
      [worldId],
    );
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

  /** Records that job `id` started (a retry keeps the first start time); `message` says which attempt. */
  async markRunning(id: string, message = 'running'): Promise<void> {
    await this.db.run(
      `UPDATE jobs SET status = 'RUNNING', started_at = COALESCE(started_at, ?), message = ? WHERE id = ?`,
      [now(), message, id],
    );
  }

  /**
   * A reporter for job `id`'s progress. Reports come from synchronous callbacks: their writes are chained (in
   * order); `flush` resolves once every report so far is stored (a failed write is logged, not thrown).
   */
  progressReporter(
    id: string,
    log: Logger = this.logger,
  ): { report: ProgressReporter; flush(): Promise<void> } {
    let progress: Promise<void> = Promise.resolve();
    return {
      report: (done, total, msg) => {
        progress = progress
          .then(async () => {
            await this.db.run('UPDATE jobs SET done = ?, total = ?, message = ? WHERE id = ?', [
              done,
              total,
              msg,
              id,
            ]);
          })
          .catch((error: unknown) => log.warn({ err: error }, 'job progress not stored'));
      },
      flush: () => progress,
    };
  }

  async markSucceeded(id: string, message: string): Promise<void> {
    await this.db.run(
      `UPDATE jobs SET status = 'SUCCEEDED', done = total, message = ?, finished_at = ? WHERE id = ?`,
      [message, now(), id],
    );
  }

  /** Records the failure: the error's GatewayError code (else INTERNAL_ERROR) and message. */
  async markFailed(id: string, error: unknown): Promise<void> {
    const code = error instanceof GatewayError ? error.code : 'INTERNAL_ERROR';
    const text = error instanceof Error ? error.message : String(error);
    await this.db.run(
      `UPDATE jobs SET status = 'FAILED', error_code = ?, error_message = ?, message = 'failed', finished_at = ? WHERE id = ?`,
      [code, text, now(), id],
    );
  }

  private async execute(
    id: string,
    work: JobWork,
    onFailure: (error: unknown) => void | Promise<void>,
  ): Promise<void> {
    if (this.stopping) return; // left QUEUED; marked INTERRUPTED on the next start
    const log = this.logger.child({ jobId: id });
    const progress = this.progressReporter(id, log);
    try {
      await this.markRunning(id);
      log.info('job started');
      // Background: the CNN queue admits job work whatever the latency budget (no client waits on it).
      const message = await runAsBackground(() => work(progress.report));
      await progress.flush();
      await this.markSucceeded(id, message);
      log.info({ message }, 'job succeeded');
    } catch (error) {
      await progress.flush();
      log.error({ err: error }, 'job failed');
      try {
        await this.markFailed(id, error);
      } catch (storeError) {
        log.error({ err: storeError }, 'job failure not stored');
      }
      try {
        await onFailure(error);
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
