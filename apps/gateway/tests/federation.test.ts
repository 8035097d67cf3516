import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { ApolloGateway, LocalGraphQLDataSource, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { must, removeDir, SAMPLES_DIR, startTestGateway, type TestGateway } from './helpers/test-gateway.js';

// A second, small subgraph: notes on worlds and stars on samples, keyed by the ids the gateway owns.
const NOTES_SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  type World @key(fields: "id") { id: ID! curatorNote: String! }
  type Sample @key(fields: "id") { id: String! starred: Boolean! }
  type Query { featuredSample: Sample, featuredWorld: World }
`;
const notes = buildSubgraphSchema({
  typeDefs: parse(NOTES_SDL),
  resolvers: {
    Query: {
      featuredSample: () => ({ id: 'pets-dog-01' }),
      // Not a world the gateway knows: the entity resolves to null there.
      featuredWorld: () => ({ id: 'w_unknown' }),
    },
    World: {
      __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
      curatorNote: (world: { id: string }) => `note on ${world.id}`,
    },
    Sample: {
      __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
      starred: (sample: { id: string }) => sample.id.endsWith('-01'),
    },
  },
});

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

describe('Federation 2 subgraph (CLUSTERFLOW_FEDERATION)', () => {
  let g: TestGateway;
  let samples: string;
  let router: ApolloServer | undefined;
  beforeAll(async () => {
    samples = mkdtempSync(path.join(os.tmpdir(), 'cf-fed-samples-'));
    mkdirSync(path.join(samples, 'pets/cat'), { recursive: true });
    mkdirSync(path.join(samples, 'pets/dog'), { recursive: true });
    for (const [, , file] of FILES) copyFileSync(path.join(SAMPLES_DIR, file), path.join(samples, file));
    writeFileSync(
      path.join(samples, 'manifest.json'),
      JSON.stringify(FILES.map(([id, label, file]) => ({ id, collection: 'pets', label, file }))),
    );
    g = await startTestGateway({ samplesDir: samples, demoWorld: true, federation: true });
    await g.gateway.whenJobsIdle();
  });
  afterAll(async () => {
    await router?.stop();
    await g.close();
    removeDir(g.dir);
    removeDir(samples);
  });

  it('publishes its SDL with entity keys on World and Sample', async () => {
    const sdl = must(await g.gql<{ _service: { sdl: string } }>('{ _service { sdl } }'))._service.sdl;
    expect(sdl).toMatch(/type World\s+@key\(fields: "id"\)/);
    expect(sdl).toMatch(/type Sample\s+@key\(fields: "id"\)/);
    expect(sdl).toContain('https://specs.apollo.dev/federation/v2.3');
  });

  it('composes with a second subgraph and answers queries through the supergraph both ways', async () => {
    const sdl = must(await g.gql<{ _service: { sdl: string } }>('{ _service { sdl } }'))._service.sdl;
    const composed = composeServices([
      { name: 'clusterflow', typeDefs: parse(sdl), url: `${g.gateway.url}/graphql` },
      { name: 'notes', typeDefs: parse(NOTES_SDL), url: 'http://notes.invalid/graphql' },
    ]);
    expect(composed.errors).toBeUndefined();
    if (composed.supergraphSdl === undefined) throw new Error('composition gave no supergraph');
    // A real router: @apollo/gateway plans each query; clusterflow is fetched over HTTP, notes in-process.
    router = new ApolloServer({
      gateway: new ApolloGateway({
        supergraphSdl: composed.supergraphSdl,
        buildService: ({ name, url }) =>
          name === 'notes' ? new LocalGraphQLDataSource(notes) : new RemoteGraphQLDataSource({ url }),
      }),
    });
    await router.start();
    const response = await router.executeOperation({
      query: `{
        worlds { id name status exampleCount curatorNote }
        featuredSample { id label collection starred }
        featuredWorld { id name curatorNote }
      }`,
    });
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    const { data, errors } = response.body.singleResult;
    expect(errors).toBeUndefined();
    const worlds = (data as { worlds: { id: string }[] }).worlds;
    expect(worlds).toHaveLength(1);
    expect(data).toEqual({
      // World from clusterflow, curatorNote from notes (the router sends notes an _entities query).
      worlds: [
        {
          id: worlds[0].id,
          name: 'demo',
          status: 'READY',
          exampleCount: 10,
          curatorNote: `note on ${worlds[0].id}`,
        },
      ],
      // Sample from notes, label and collection from clusterflow's __resolveReference.
      featuredSample: { id: 'pets-dog-01', label: 'dog', collection: 'pets', starred: true },
      // An id clusterflow does not know: its fields resolve to null there, so the nullable entity is null.
      featuredWorld: null,
    });
  });
});
