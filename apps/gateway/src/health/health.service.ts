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

  async report(): Promise<Health> {
    let database = true;
    let worlds = 0;
    let samples = 0;
    try {
      worlds =
        (await this.db.get<{ n: number }>('SELECT CAST(COUNT(*) AS INTEGER) AS n FROM worlds'))?.n ?? 0;
      samples =
        (await this.db.get<{ n: number }>('SELECT CAST(COUNT(*) AS INTEGER) AS n FROM samples'))?.n ?? 0;
    } catch {
      database = false;
    }
    const jobs = database
      ? await this.jobs.counts().catch(() => ({ queued: 0, running: 0 }))
      : { queued: 0, running: 0 };
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
