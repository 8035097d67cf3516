import type { DestinationStream, Logger } from 'pino';
import { ConfigError, type GatewayConfig } from '../config/gateway-config.js';
import { openDatabase, type DatabaseLocation } from '../db/database.js';
import { ExtractorService } from '../extractor/extractor.service.js';
import { ImageStore } from '../images/image-store.js';
import { JobRunner } from '../jobs/job.runner.js';
import { createLogger } from './logger.js';
import { WorldBuilder } from '../worlds/world-builder.js';
import { WorldRepository } from '../worlds/world.repository.js';
import { startWorldBuildWorker } from '../queue/world-build-worker.js';
import { WorldEvents } from '../pubsub/world-events.js';

/** A running `clusterflow-worker`. */
export interface ClusterflowWorker {
  logger: Logger;
  /** Stops pulling jobs, lets the running build finish, then releases the CNN and the database. */
  close(): Promise<void>;
}

/**
 * The worker process: the gateway's configuration (same database, model, tap and Redis), its own CNN, and a BullMQ
 * worker pulling world builds. Needs `CLUSTERFLOW_REDIS_URL`.
 */
export async function createClusterflowWorker(
  config: GatewayConfig,
  options: { logDestination?: DestinationStream } = {},
): Promise<ClusterflowWorker> {
  if (config.redisUrl === undefined) {
    throw new ConfigError(
      'clusterflow-worker needs CLUSTERFLOW_REDIS_URL (the queue the gateways put world builds on), e.g. redis://127.0.0.1:6379.',
    );
  }
  const logger = createLogger(config.logLevel, options.logDestination).child({ role: 'worker' });
  const location: DatabaseLocation =
    config.databaseUrl === undefined
      ? { kind: 'sqlite', file: config.databasePath }
      : { kind: 'postgres', url: config.databaseUrl, schema: config.databaseSchema };
  const { db } = await openDatabase(location);
  let extractor: ExtractorService;
  try {
    extractor = await ExtractorService.create(config, (line) => logger.info(line));
  } catch (error) {
    await db.close();
    throw error;
  }
  const images = new ImageStore(db);
  const worlds = new WorldRepository(db);
  const events = new WorldEvents(config.redisUrl, { prefix: config.queuePrefix });
  const worker = startWorldBuildWorker(
    {
      builder: new WorldBuilder(db, worlds, images, extractor),
      jobs: new JobRunner(db, logger),
      worlds,
      logger,
      events,
    },
    { redisUrl: config.redisUrl, prefix: config.queuePrefix },
  );
  logger.info(
    { model: extractor.modelName, backend: extractor.backend, queuePrefix: config.queuePrefix },
    'worker ready',
  );
  let closing: Promise<void> | undefined;
  return {
    logger,
    close: () =>
      (closing ??= (async () => {
        await worker.close();
        events.close();
        extractor.dispose();
        await db.close();
        logger.info('worker stopped');
      })()),
  };
}
