import { asymmetry, type AsymmetryResult } from '../logic/asymmetry.js';
import { graphqlRequest } from './graphql-client.js';
import {
  CREATE_WORLD,
  WORLD_MEMBERSHIP,
  WORLDS,
  type CreateWorldData,
  type Sample,
  type WorldMembershipData,
  type WorldsData,
} from './operations.js';
import { pollJob } from './poll-job.js';
import { loadSamples } from './samples.js';

export interface ExperimentProgress {
  step: string;
  /** 0–1 over the whole experiment. */
  progress: number;
}

export interface ImageOutcome {
  sample: Sample;
  world: string;
  inWorld: boolean;
  cnnLabel: string;
  cnnConfidence: number;
}

export interface AsymmetryExperiment {
  a: string;
  b: string;
  result: AsymmetryResult;
  outcomes: ImageOutcome[];
}

/** World names the experiment builds (and reuses on later runs). */
export const worldName = (label: string) => `familiar-${label}s`;

/**
 * The cat/dog experiment (paper §3.4) composed from gateway calls: familiarise one world with the `a` samples
 * and one with the `b` samples (created once, needs the API key), then place every `b` sample in the `a`
 * world and every `a` sample in the `b` world.
 */
export async function runAsymmetryExperiment(
  { a = 'cat', b = 'dog', collection = 'pets', apiKey = '' } = {},
  onProgress: (p: ExperimentProgress) => void = () => undefined,
): Promise<AsymmetryExperiment> {
  onProgress({ step: 'Loading the sample images', progress: 0 });
  const samples = (await loadSamples()).filter((s) => s.collection === collection);
  const ofA = samples.filter((s) => s.label === a);
  const ofB = samples.filter((s) => s.label === b);
  if (ofA.length === 0 || ofB.length === 0) {
    throw new Error(`The gateway has no “${a}” or no “${b}” samples in the “${collection}” collection.`);
  }
  const { worlds } = await graphqlRequest<WorldsData>(WORLDS, {});
  for (const [i, [label, examples]] of (
    [
      [a, ofA],
      [b, ofB],
    ] as const
  ).entries()) {
    const name = worldName(label);
    const existing = worlds.find((w) => w.name === name);
    if (existing?.status === 'READY') continue;
    if (existing !== undefined) {
      throw new Error(
        `The world “${name}” exists but is ${existing.status.toLowerCase()}; delete it on the Worlds page.`,
      );
    }
    onProgress({ step: `Familiarising a world with ${label}s`, progress: 0.05 + i * 0.3 });
    const { createWorld } = await graphqlRequest<CreateWorldData>(
      CREATE_WORLD,
      { name, examples: examples.map((s) => ({ image: { sampleId: s.id }, label: s.label })) },
      { apiKey },
    );
    const job = await pollJob(createWorld.job.id, (j) =>
      onProgress({
        step: `Familiarising a world with ${label}s: ${j.message}`,
        progress: 0.05 + i * 0.3 + j.progress * 0.3,
      }),
    );
    if (job.status === 'FAILED')
      throw new Error(`Building “${name}” failed: ${job.errorMessage ?? job.message}`);
  }
  const tests = [
    ...ofB.map((s) => ({ sample: s, world: worldName(a) })),
    ...ofA.map((s) => ({ sample: s, world: worldName(b) })),
  ];
  const outcomes: ImageOutcome[] = [];
  for (const test of tests) {
    onProgress({
      step: `Testing ${test.sample.id} against ${test.world}`,
      progress: 0.65 + (0.35 * outcomes.length) / tests.length,
    });
    const { worldMembership: m } = await graphqlRequest<WorldMembershipData>(WORLD_MEMBERSHIP, {
      world: test.world,
      image: { sampleId: test.sample.id },
    });
    outcomes.push({
      ...test,
      inWorld: m.inWorld,
      cnnLabel: m.cnnTop.name,
      cnnConfidence: m.cnnTop.probability,
    });
  }
  onProgress({ step: 'Done', progress: 1 });
  const result = asymmetry(
    outcomes.filter((o) => o.world === worldName(a)),
    outcomes.filter((o) => o.world === worldName(b)),
  );
  return { a, b, result, outcomes };
}
