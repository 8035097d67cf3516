import { graphqlRequest } from './graphql-client.js';
import type { Job, Sample } from './operations.js';
import { pollJob } from './poll-job.js';
import type { PickedImage } from '../logic/picked-image.js';

export interface FoolingResult {
  image: PickedImage;
  /** The job's closing message (steps taken, confidence reached). */
  message: string;
}

/** Starts the synthesis job; the result is stored as a sample (collection `fooling`) named by `job.sampleId`. */
export const SYNTHESIZE = /* GraphQL */ `
  mutation SynthesizeFoolingImage($targetClass: String!, $seed: Int!) {
    synthesizeFoolingImage(targetClass: $targetClass, seed: $seed) {
      id
      status
      done
      total
      progress
      message
      worldId
      sampleId
      errorCode
      errorMessage
    }
  }
`;

export const FOOLING_SAMPLES = /* GraphQL */ `
  query FoolingSamples {
    samples(collection: "fooling") {
      id
      label
      collection
      thumbnail
    }
  }
`;

/** Asks the gateway for a fooling image of `targetClass` (seeded: same seed, same image), reporting progress. */
export async function synthesizeFooling(
  targetClass: string,
  seed: number,
  apiKey: string,
  onProgress: (job: Job) => void = () => undefined,
): Promise<FoolingResult> {
  const { synthesizeFoolingImage: started } = await graphqlRequest<{ synthesizeFoolingImage: Job }>(
    SYNTHESIZE,
    { targetClass, seed },
    { apiKey },
  );
  onProgress(started);
  const job = await pollJob(started.id, onProgress, { intervalMs: 1000 });
  if (job.status === 'FAILED' || job.sampleId === null) {
    throw new Error(
      `Synthesising a “${targetClass}” fooling image failed: ${job.errorMessage ?? job.message}`,
    );
  }
  const { samples } = await graphqlRequest<{ samples: Sample[] }>(FOOLING_SAMPLES, {});
  const sample = samples.find((s) => s.id === job.sampleId);
  return {
    image: {
      key: `fooling:${job.sampleId}`,
      name: `fooling ${targetClass} #${seed} (${job.sampleId})`,
      src: sample?.thumbnail ?? '',
      input: { sampleId: job.sampleId },
    },
    message: job.message,
  };
}
