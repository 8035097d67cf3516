import { graphqlRequest } from './graphql-client.js';
import { SAMPLES, type Sample, type SamplesData } from './operations.js';

let cached: Promise<Sample[]> | undefined;

/** The gateway's stored sample images, fetched once per page load (a failure is retried on the next call). */
export function loadSamples(): Promise<Sample[]> {
  cached ??= graphqlRequest<SamplesData>(SAMPLES, {}).then(
    (data) => data.samples,
    (error: unknown) => {
      cached = undefined;
      throw error;
    },
  );
  return cached;
}
