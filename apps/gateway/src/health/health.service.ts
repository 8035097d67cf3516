import type { Db } from '../db/database.js';
import type { ExtractorService } from '../extractor/extractor.service.js';
import type { JobRunner } from '../jobs/job.runner.js';
import type { Health } from './health.type.js';

export const GATEWAY_VERSION = '0.1.0';

/** Builds the health report shared by the `health` query and `GET /health`. */
export class HealthService {
  private readonly started = Date.now();
  shuttingDown = false;

  constructor(
    private readonly db: Db,
    private readonly extractor: ExtractorService,
    private readonly jobs: JobRunner,
    private readonly schemaVersion: number,
    private readonly reasoningAvailable: boolean,
  ) {}

  report(): Health {
    let database = true;
    let worlds = 0;
    let samples = 0;
    try {
      worlds = (this.db.prepare('SELECT COUNT(*) AS n FROM worlds').get() as { n: number }).n;
      samples = (this.db.prepare('SELECT COUNT(*) AS n FROM samples').get() as { n: number }).n;
    } catch {
      database = false;
    }
    const jobs = database ? this.jobs.counts() : { queued: 0, running: 0 };
    return {
      status: this.shuttingDown ? 'shutting-down' : 'ok',
      version: GATEWAY_VERSION,
      uptimeSeconds: (Date.now() - this.started) / 1000,
      model: this.extractor.modelName,
      backend: this.extractor.backend,
      database,
      schemaVersion: this.schemaVersion,
      worlds,
      samples,
      queuedImages: this.extractor.queued,
      activeJobs: jobs.queued + jobs.running,
      liveTensors: this.extractor.liveTensors(),
      reasoningAvailable: this.reasoningAvailable,
    };
  }
}
