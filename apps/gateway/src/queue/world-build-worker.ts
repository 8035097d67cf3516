import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Logger } from 'pino';
import { BadUserInputError } from '../errors/gateway-errors.js';
import type { JobRunner } from '../jobs/job.runner.js';
import type { WorldEventPublisher } from '../pubsub/world-events.js';
import type { WorldBuilder } from '../worlds/world-builder.js';
import type { WorldRepository } from '../worlds/world.repository.js';
import { WorldStatus } from '../worlds/world.type.js';
import { WORLD_BUILD_QUEUE, type WorldBuildJobData } from './world-build-queue.js';

/** Options of `startWorldBuildWorker`. */
export interface WorldBuildWorkerOptions {
  redisUrl: string;
  /** Redis key prefix, the same as the gateways' (default `clusterflow`). */
  prefix?: string;
  /** Builds at once in this process (default 1: a build is CNN work on every core). */
  concurrency?: number;
}

/** What the worker needs: where builds run and where their job rows and worlds are. */
export interface WorldBuildWorkerDeps {
  builder: Pick<WorldBuilder, 'build'>;
  jobs: JobRunner;
  worlds: WorldRepository;
  logger: Logger;
  /** Announces each finished build so every gateway replica drops its cached tree of the world (optional). */
  events?: WorldEventPublisher;
}

/**
 * The consumer side (`clusterflow-worker`): pulls world builds from the queue and runs them, writing progress and
 * outcome to the shared `jobs` table (so `job(id)` answers on every gateway). A failed try is retried with backoff;
 * a build cut short (process killed) is picked up again once BullMQ sees its lock expire, and resumes: embedded
 * examples are kept. Input errors are not retried.
 */
export function startWorldBuildWorker(
  deps: WorldBuildWorkerDeps,
  options: WorldBuildWorkerOptions,
): Worker<WorldBuildJobData, string> {
  const worker = new Worker<WorldBuildJobData, string>(WORLD_BUILD_QUEUE, (job) => processBuild(deps, job), {
    connection: { url: options.redisUrl, maxRetriesPerRequest: null },
    prefix: options.prefix ?? 'clusterflow',
    concurrency: options.concurrency ?? 1,
    // A build killed mid-way stalls once; the second stall (a build that kills its worker) fails it.
    maxStalledCount: 2,
  });
  worker.on('error', (error) => deps.logger.error({ err: error }, 'queue worker error'));
  return worker;
}

async function processBuild(
  deps: WorldBuildWorkerDeps,
  job: Job<WorldBuildJobData, string>,
): Promise<string> {
  const { jobId, worldId } = job.data;
  const attempt = job.attemptsMade + 1;
  const attempts = job.opts.attempts ?? 1;
  const log = deps.logger.child({ jobId, worldId, attempt });
  await deps.jobs.markRunning(jobId, attempt > 1 ? `running (attempt ${attempt} of ${attempts})` : 'running');
  log.info('queued world build started');
  const progress = deps.jobs.progressReporter(jobId, log);
  // A retry embeds only what the killed try left pending: count on from the job's total so progress never goes back.
  const expected = (await deps.jobs.get(jobId))?.total ?? 0;
  try {
    const message = await deps.builder.build(worldId, (done, total, text) => {
      const offset = expected > total ? expected - total : 0;
      progress.report(done + offset, total + offset, text);
      job.updateProgress({ done: done + offset, total: total + offset }).catch(() => undefined);
    });
    await progress.flush();
    await deps.jobs.markSucceeded(jobId, message);
    await deps.events?.publish(worldId, 'built');
    log.info({ message }, 'queued world build succeeded');
    return message;
  } catch (error) {
    await progress.flush();
    const final = attempt >= attempts || error instanceof BadUserInputError;
    log.error({ err: error, final }, 'queued world build failed');
    if (!final) throw error;
    await deps.jobs.markFailed(jobId, error);
    if ((await deps.worlds.find(worldId)) !== undefined)
      await deps.worlds.setStatus(worldId, WorldStatus.FAILED);
    await deps.events?.publish(worldId, 'build-failed');
    throw new UnrecoverableError(error instanceof Error ? error.message : String(error));
  }
}
