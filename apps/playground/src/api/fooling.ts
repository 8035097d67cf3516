import { graphqlRequest } from './graphql-client.js';
import type { PickedImage } from '../logic/picked-image.js';

export interface FoolingResult {
  image: PickedImage;
  className: string;
  confidence: number;
  steps: number;
}

// Provisional: follows the gateway's fooling-image mutation once it is in schema.graphql.
export const SYNTHESIZE = /* GraphQL */ `
  mutation SynthesizeFoolingImage($targetClass: String!, $seed: Int) {
    synthesizeFoolingImage(targetClass: $targetClass, seed: $seed) {
      base64
      className
      confidence
      steps
    }
  }
`;

interface SynthesizeData {
  synthesizeFoolingImage: { base64: string; className: string; confidence: number; steps: number };
}

/** Asks the gateway for a fooling image of `targetClass` (seeded: same seed, same image). */
export async function synthesizeFooling(
  targetClass: string,
  seed: number,
  apiKey: string,
): Promise<FoolingResult> {
  const data = await graphqlRequest<SynthesizeData>(SYNTHESIZE, { targetClass, seed }, { apiKey });
  const made = data.synthesizeFoolingImage;
  const src = made.base64.startsWith('data:') ? made.base64 : `data:image/png;base64,${made.base64}`;
  return {
    image: {
      key: `fooling:${targetClass}:${seed}`,
      name: `fooling ${made.className} #${seed}`,
      src,
      input: { base64: src },
    },
    className: made.className,
    confidence: made.confidence,
    steps: made.steps,
  };
}
