import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { storeBackends } from './helpers/store-backends.js';
import { must, removeDir, SAMPLES_DIR, startTestGateway, type TestGateway } from './helpers/test-gateway.js';

// Two gateways on one PostgreSQL schema: the world built through the first is served by the second.
const postgres = (await storeBackends()).find((b) => b.name === 'postgres');
if (postgres === undefined) throw new Error('storeBackends lists no postgres backend');
const skip = postgres.skipReason;
if (skip !== undefined) console.warn(`gateways on PostgreSQL: SKIPPED — ${skip}`);

const FILES = [
  ['pets-cat-01', 'cat', 'pets/cat/cat.1.jpg'],
  ['pets-cat-02', 'cat', 'pets/cat/cat.103.jpg'],
  ['pets-cat-03', 'cat', 'pets/cat/cat.104.jpg'],
  ['pets-cat-04', 'cat', 'pets/cat/cat.11.jpg'],
  ['pets-cat-05', 'cat', 'pets/cat/cat.110.jpg'],
  ['pets-dog-01', 'dog', 'pets/dog/dog.11.jpg'],
  ['pets-dog-02', 'dog', 'pets/dog/dog.112.jpg'],
  ['pets-dog-03', 'dog', 'pets/dog/dog.115.jpg'],
  ['pets-dog-04', 'dog', 'pets/dog/dog.119.jpg'],
  ['pets-dog-05', 'dog', 'pets/dog/dog.131.jpg'],
] as const;

const MEMBERSHIP = `{ worldMembership(world: "demo", image: { sampleId: "pets-dog-04" }) {
  inWorld confidence escapeDistance threshold guesses { label confidence } } }`;

interface WorldView {
  name: string;
  status: string;
  exampleCount: number;
  embeddedCount: number;
  labels: { label: string; count: number }[];
  tree: { nodeCount: number } | null;
}

describe.skipIf(skip !== undefined)('gateways on PostgreSQL', () => {
  const open: TestGateway[] = [];
  const dirs: string[] = [];
  afterAll(async () => {
    for (const g of open) await g.close();
    for (const d of dirs) removeDir(d);
    await postgres.dropAll();
  });

  it('builds the demo world through one gateway and serves it, with the same answers, from a second', async () => {
    const samples = mkdtempSync(path.join(os.tmpdir(), 'cf-pg-samples-'));
    dirs.push(samples);
    mkdirSync(path.join(samples, 'pets/cat'), { recursive: true });
    mkdirSync(path.join(samples, 'pets/dog'), { recursive: true });
    for (const [, , file] of FILES) copyFileSync(path.join(SAMPLES_DIR, file), path.join(samples, file));
    writeFileSync(
      path.join(samples, 'manifest.json'),
      JSON.stringify(FILES.map(([id, label, file]) => ({ id, collection: 'pets', label, file }))),
    );
    const location = postgres.freshLocation();
    if (location.kind !== 'postgres') throw new Error('expected a postgres location');
    const db = { url: location.url, schema: location.schema };

    const a = await startTestGateway({ samplesDir: samples, demoWorld: true, postgres: db });
    open.push(a);
    dirs.push(a.dir);
    await a.gateway.whenJobsIdle();
    // The second gateway finds the tables already there: it seeds nothing and builds nothing.
    const b = await startTestGateway({ samplesDir: samples, demoWorld: true, postgres: db });
    open.push(b);
    dirs.push(b.dir);
    await b.gateway.whenJobsIdle();

    const query =
      '{ worlds { name status exampleCount embeddedCount labels { label count } tree { nodeCount } } }';
    const fromA = must(await a.gql<{ worlds: WorldView[] }>(query)).worlds;
    const fromB = must(await b.gql<{ worlds: WorldView[] }>(query)).worlds;
    expect(fromA).toHaveLength(1);
    expect(fromA[0]).toMatchObject({
      name: 'demo',
      status: 'READY',
      exampleCount: 10,
      embeddedCount: 10,
      labels: [
        { label: 'cat', count: 5 },
        { label: 'dog', count: 5 },
      ],
    });
    expect(fromA[0].tree?.nodeCount).toBeGreaterThan(1);
    expect(fromB).toEqual(fromA);
    const samplesB = must(await b.gql<{ samples: { id: string }[] }>('{ samples { id } }')).samples;
    expect(samplesB.map((s) => s.id)).toEqual(FILES.map(([id]) => id).sort());

    // One tree in the database: both gateways answer a membership query identically.
    const membershipA = must(await a.gql(MEMBERSHIP));
    expect(must(await b.gql(MEMBERSHIP))).toEqual(membershipA);

    // A name taken through A is refused through B.
    const examples = FILES.map(([id, label]) => ({ label, image: { sampleId: id } }));
    const duplicate = await b.mutate(
      'mutation($e: [LabeledImageInput!]!) { createWorld(name: "demo", examples: $e) { world { id } } }',
      { e: examples },
    );
    expect(duplicate.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(duplicate.errors?.[0]?.message).toContain('A world named "demo" already exists');
  });
});
