/**
 * Where world builds go when they do not run in the gateway process (`CLUSTERFLOW_REDIS_URL` set): the job row is
 * already stored; `enqueue` hands (job id, world id) to the queue, and adding the same job id twice adds it once.
 */
export interface QueuedBuilds {
  enqueue(jobId: string, worldId: string): Promise<void>;
}
