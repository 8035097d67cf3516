import { graphqlRequest } from './graphql-client.js';
import { JOB, type Job, type JobData } from './operations.js';

/** Polls `job(id)` every `intervalMs` until it succeeds or fails, reporting each reading; resolves with the last. */
export async function pollJob(
  id: string,
  onProgress: (job: Job) => void,
  { intervalMs = 500, signal }: { intervalMs?: number; signal?: AbortSignal } = {},
): Promise<Job> {
  for (;;) {
    const { job } = await graphqlRequest<JobData>(JOB, { id }, { signal });
    onProgress(job);
    if (job.status === 'SUCCEEDED' || job.status === 'FAILED') return job;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, intervalMs);
      signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(new DOMException('aborted', 'AbortError'));
      });
    });
  }
}
