import { existsSync } from 'node:fs';
import path from 'node:path';
import { createFeatureSpaceExtractor, FEATURE_SPACE_TAP } from '@clusterflow/extractors';
import { buildWorld, relation, worldMembership } from '@clusterflow/reasoning';
import { describe, expect, it } from 'vitest';
import { listDataset } from '../lib/dataset-files.js';
import { DEFAULT_DATA_ROOT } from '../lib/experiment-config.js';

const pets = path.join(DEFAULT_DATA_ROOT, 'pets');

// A world on a named feature space: the path the harness (and a gateway world build) takes, on 8 cats + 8 dogs.
describe.skipIf(!existsSync(pets))('a world built on the mobilenet-pooled feature space', () => {
  it('records the space, has its dimension, keeps its own photos and reads a cat/cat/dog triplet', async () => {
    const all = listDataset(pets);
    const pick = [
      ...all.filter((i) => i.labels[0] === 'cat').slice(0, 9),
      ...all.filter((i) => i.labels[0] === 'dog').slice(0, 9),
    ];
    const world8 = [...pick.slice(0, 8), ...pick.slice(9, 17)];
    const fx = await createFeatureSpaceExtractor('mobilenet-pooled', { backend: 'wasm' });
    const x = await fx.extract(world8.map((i) => i.file));
    const query = await fx.extract([pick[8].file, pick[0].file, pick[17].file]); // unseen cat, seen cat, unseen dog
    fx.dispose();
    const world = buildWorld(
      { ...x, labelSets: world8.map((i) => i.labels) },
      { name: 'pets-16', model: 'mobilenet-pooled', tap: FEATURE_SPACE_TAP, calibration: { folds: 4 } },
    );
    expect(world.provenance.model).toBe('mobilenet-pooled');
    expect(world.examples.cols).toBe(768);
    expect(worldMembership(world, x.data.subarray(0, 768)).labels[0].label).toBe('cat');
    const a = relation({ vectors: query }, { world, reader: 'calibrated' });
    expect(a.relation).toBe('SAME_SAME_DIFFERENT');
    expect(a.oddIndex).toBe(2);
  });
});
