import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DestinationStream, Logger } from 'pino';
import type { GatewayConfig } from '../config/gateway-config.js';
import { openDatabase, type DatabaseLocation, type Db } from '../db/database.js';
import { AsymmetryResolver } from '../asymmetry/asymmetry.resolver.js';
import { AsymmetryService } from '../asymmetry/asymmetry.service.js';
import { AsymmetryValidator } from '../asymmetry/asymmetry.validator.js';
import { ClassifyResolver } from '../classify/classify.resolver.js';
import { ServiceUnavailableError } from '../errors/gateway-errors.js';
import { ExtractorService } from '../extractor/extractor.service.js';
import { toSubgraphSchema } from '../federation/subgraph-schema.js';
import { FoolingResolver } from '../fooling/fooling.resolver.js';
import { FoolingService } from '../fooling/fooling.service.js';
import { FoolingValidator } from '../fooling/fooling.validator.js';
import { HealthResolver } from '../health/health.resolver.js';
import { HealthService } from '../health/health.service.js';
import { ImageStore } from '../images/image-store.js';
import { JobResolver } from '../jobs/job.resolver.js';
import { JobRunner } from '../jobs/job.runner.js';
import { JobKind } from '../jobs/job.type.js';
import { ModelResolver } from '../models/model.resolver.js';
import { ProjectionResolver } from '../projection/projection.resolver.js';
import { ProjectionService } from '../projection/projection.service.js';
import { ProjectionValidator } from '../projection/projection.validator.js';
import { WorldBuildQueue } from '../queue/world-build-queue.js';
import { ReadinessService } from '../readiness/readiness.service.js';
import { RedisProbe } from '../readiness/redis-probe.js';
import { ReasoningResolver } from '../reasoning/reasoning.resolver.js';
import { ReasoningService } from '../reasoning/reasoning.service.js';
import { RelationValidator } from '../reasoning/relation.validator.js';
import { SampleResolver } from '../samples/sample.resolver.js';
import { SampleService } from '../samples/sample.service.js';
import { buildGatewaySchema, ResolverContainer } from '../schema/build-schema.js';
import { SimilarityResolver } from '../similarity/similarity.resolver.js';
import { ImageValidator } from '../validation/image.validator.js';
import { WorldRepository } from '../worlds/world.repository.js';
import { WorldResolver } from '../worlds/world.resolver.js';
import { WorldService } from '../worlds/world.service.js';
import { WorldTrees } from '../worlds/world-tree.js';
import { WorldValidator } from '../worlds/world.validator.js';
import { resolveApiKey } from './api-key.js';
import { createApollo } from './apollo.js';
import { CollectionRepository } from '../collections/collection.repository.js';
import { CollectionResolver } from '../collections/collection.resolver.js';
import { CollectionService } from '../collections/collection.service.js';
import { CollectionValidator } from '../collections/collection.validator.js';
import { createRequestHandler } from './http-handler.js';
import { createLogger } from './logger.js';
import { StaticFiles } from './static-files.js';

/** Largest world a projection is computed for. */
const MAX_PROJECTION_POINTS = 5000;

export interface GatewayOptions {
  /** Where logs go (default stdout). */
  logDestination?: DestinationStream;
}

/** A running gateway. */
export interface Gateway {
  /** `http://host:port` */
  url: string;
  port: number;
  logger: Logger;
  /** The key mutations need (configured or generated). */
  apiKey: string;
  /** Resolves when every queued background job has finished (demo world build included). */
  whenJobsIdle(): Promise<void>;
  /** Graceful shutdown: stop accepting, drain requests and the running job, release the CNN and the database. */
  close(): Promise<void>;
}

/**
 * Wires everything (database → samples → CNN → jobs → services → schema → Apollo → HTTP) and starts listening.
 * On a fresh database it imports the bundled samples and queues the demo world's build.
 */
export async function createGateway(config: GatewayConfig, options: GatewayOptions = {}): Promise<Gateway> {
  const logger = createLogger(config.logLevel, options.logDestination);
  const { db, created, version } = await openDatabase(databaseLocation(config));
  try {
    return await start(config, logger, db, created, version);
  } catch (error) {
    await db.close();
    throw error;
  }
}

async function start(
  config: GatewayConfig,
  logger: Logger,
  db: Db,
  created: boolean,
  version: number,
): Promise<Gateway> {
  logger.info(
    { database: db.dialect === 'sqlite' ? config.databasePath : 'postgres', created, schemaVersion: version },
    'database open',
  );
  const apiKey = await resolveApiKey(db, config.apiKey);
  if (apiKey.generated) {
    logger.warn(
      { apiKeyGenerated: apiKey.key },
      'CLUSTERFLOW_API_KEY is not set: generated a key for mutations and stored it in the database (shown once)',
    );
  }
  const images = new ImageStore(db);
  const samples = new SampleService(db, images);
  const imported = await samples.importBundled(config.samplesDir);
  if (imported > 0) logger.info({ imported }, 'bundled samples imported');

  const extractor = await ExtractorService.create(config, (line) => logger.info(line));
  logger.info(
    { model: extractor.modelName, backend: extractor.backend, worldTap: extractor.worldTap },
    'CNN ready',
  );
  const jobs = new JobRunner(db, logger);
  // With a queue, unfinished world builds belong to it (a worker picks them up again), not to this process.
  await jobs.markInterrupted(config.redisUrl === undefined ? undefined : [JobKind.SYNTHESIZE_FOOLING]);
  const trees = new WorldTrees();
  const reasoning = new ReasoningService(
    trees,
    () => extractor.labels,
    (row, tap, worldName) => extractor.vector(row, tap, worldName),
  );
  const worldRepo = new WorldRepository(db);
  const buildQueue =
    config.redisUrl === undefined
      ? undefined
      : new WorldBuildQueue(config.redisUrl, { prefix: config.queuePrefix });
  const worlds = new WorldService(db, worldRepo, images, extractor, trees, jobs, buildQueue);
  const projections = new ProjectionService(worldRepo, images);
  const health = new HealthService(db, extractor, jobs, version, true);
  const queueProbe = config.redisUrl === undefined ? undefined : new RedisProbe(config.redisUrl);
  const readiness = new ReadinessService(db, queueProbe, () => health.shuttingDown);

  // The one validation layer: resolvers run these checks on their arguments before any service is called.
  const imageCheck = new ImageValidator(config.limits, samples);
  const worldCheck = new WorldValidator(worldRepo, imageCheck, jobs, config.limits);
  const collectionRepo = new CollectionRepository(db);
  const collectionCheck = new CollectionValidator(collectionRepo);
  const container = new ResolverContainer()
    .register(
      AsymmetryResolver,
      new AsymmetryResolver(new AsymmetryValidator(samples), new AsymmetryService(samples, extractor)),
    )
    .register(
      CollectionResolver,
      new CollectionResolver(
        collectionCheck,
        new CollectionService(collectionRepo, collectionCheck, imageCheck),
      ),
    )
    .register(ClassifyResolver, new ClassifyResolver(imageCheck, extractor))
    .register(
      FoolingResolver,
      new FoolingResolver(
        new FoolingValidator(extractor),
        new FoolingService(extractor, samples, images, jobs),
      ),
    )
    .register(HealthResolver, new HealthResolver(health))
    .register(JobResolver, new JobResolver(jobs))
    .register(ModelResolver, new ModelResolver(extractor))
    .register(
      ProjectionResolver,
      new ProjectionResolver(new ProjectionValidator(worldCheck, MAX_PROJECTION_POINTS), projections),
    )
    .register(
      ReasoningResolver,
      new ReasoningResolver(
        imageCheck,
        worldCheck,
        new RelationValidator(worldCheck, imageCheck, config.limits),
        extractor,
        reasoning,
      ),
    )
    .register(SampleResolver, new SampleResolver(samples))
    .register(SimilarityResolver, new SimilarityResolver(imageCheck, extractor))
    .register(WorldResolver, new WorldResolver(worldCheck, worlds));
  const schema = await buildGatewaySchema(container);
  const apollo = createApollo(
    config.federation
      ? toSubgraphSchema(schema, {
          // Keyed by id only (find also accepts a name).
          world: async (id) => {
            const world = await worldRepo.find(id);
            return world?.id === id ? world : undefined;
          },
          sample: (id) => samples.find(id),
        })
      : schema,
    config,
  );
  await apollo.start();

  const resumed = config.redisUrl === undefined ? await worlds.resumeInterrupted() : [];
  if (resumed.length > 0) logger.info({ jobs: resumed }, 'resumed interrupted world builds');
  if (created && config.demoWorld) {
    try {
      const jobId = await worlds.createDemo(samples);
      logger.info({ jobId }, 'demo world build queued');
    } catch (error) {
      // The build queue did not take it (the world is marked FAILED): serve anyway, /ready says what is down.
      if (!(error instanceof ServiceUnavailableError)) throw error;
      logger.warn({ err: error }, 'demo world build not queued');
    }
  }

  const staticFiles = StaticFiles.open(config.staticDir);
  if (staticFiles === undefined)
    logger.info({ staticDir: config.staticDir }, 'no playground build found; / is not served');
  // The client closes idle connections first (see keepAliveTimeoutMs); headers may take 1 s past the idle time
  // (Node counts a kept-alive connection's next headers from the end of its last response).
  const headersTimeout = config.keepAliveTimeoutMs + 1000;
  const server = createServer(
    {
      keepAliveTimeout: config.keepAliveTimeoutMs,
      headersTimeout,
      requestTimeout: Math.max(120_000, headersTimeout + 1000),
    },
    createRequestHandler({
      apollo,
      config,
      logger,
      health,
      readiness,
      staticFiles,
      apiKey: apiKey.key,
      collections: collectionRepo,
      cnnBusy: () => extractor.busy(),
    }),
  );
  await listen(server, config.port, config.host);
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  logger.info({ url: `${url}/graphql` }, 'gateway listening');

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      health.shuttingDown = true;
      logger.info('shutting down');
      const drained = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timedOut = await withTimeout(
        Promise.all([drained, jobs.stop(), extractor.idle()]),
        config.shutdownTimeoutMs,
      );
      if (timedOut) {
        logger.warn(
          { timeoutMs: config.shutdownTimeoutMs },
          'shutdown grace period over; closing remaining connections',
        );
        server.closeAllConnections();
      }
      await apollo.stop();
      extractor.dispose();
      queueProbe?.close();
      await buildQueue?.close();
      await db.close();
      logger.info('stopped');
    })();
    return closing;
  };

  return { url, port, logger, apiKey: apiKey.key, whenJobsIdle: () => jobs.whenIdle(), close };
}

/** SQLite at `databasePath` unless `CLUSTERFLOW_DATABASE_URL` names a PostgreSQL database. */
function databaseLocation(config: GatewayConfig): DatabaseLocation {
  return config.databaseUrl === undefined
    ? { kind: 'sqlite', file: config.databasePath }
    : { kind: 'postgres', url: config.databaseUrl, schema: config.databaseSchema };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Waits for `work`; true if `ms` passed first. */
async function withTimeout(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(true), ms);
  });
  try {
    return await Promise.race([work.then(() => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
