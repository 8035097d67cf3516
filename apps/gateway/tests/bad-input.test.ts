import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  API_KEY,
  removeDir,
  sampleBase64,
  startTestGateway,
  type TestGateway,
} from './helpers/test-gateway.js';

let t: TestGateway;
const png = (width: number, height: number): Promise<Buffer> =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 30, b: 30 } } })
    .png()
    .toBuffer();

interface Case {
  name: string;
  query: string;
  variables?: () => Promise<Record<string, unknown>> | Record<string, unknown>;
  headers?: Record<string, string>;
  code: string;
  message: RegExp;
}

const CLASSIFY =
  'query($image: ImageInput!, $k: Int! = 5) { classify(image: $image, topK: $k) { top { name } } }';
const ODD =
  'query($images: [ImageInput!]!, $world: ID, $strategy: ReasoningStrategy) { oddOneOut(images: $images, world: $world, strategy: $strategy) { index } }';
const CREATE =
  'mutation($name: String!, $examples: [LabeledImageInput!]!) { createWorld(name: $name, examples: $examples) { job { id } } }';
const cat = { sampleId: 'pets-cat-01' };
const key = { 'x-api-key': API_KEY };
/** Nine valid labelled examples (two labels), so world-shape checks pass and per-example checks are reached. */
const nine = [1, 2, 3, 4, 5, 6, 1, 2, 3].map((n, i) => ({
  image: { sampleId: `pets-${i < 6 ? 'cat' : 'dog'}-0${n}` },
  label: i < 6 ? 'cat' : 'dog',
}));

const cases: Case[] = [
  {
    name: 'base64 with characters outside the alphabet',
    query: CLASSIFY,
    variables: () => ({ image: { base64: '!!!not*base64$$$' } }),
    code: 'BAD_USER_INPUT',
    message: /image\.base64 is not valid base64; allowed: A–Z/,
  },
  {
    name: 'empty base64',
    query: CLASSIFY,
    variables: () => ({ image: { base64: '' } }),
    code: 'BAD_USER_INPUT',
    message: /image\.base64 is empty; send the base64 of a JPEG, PNG or WebP/,
  },
  {
    name: 'base64 of plain text',
    query: CLASSIFY,
    variables: () => ({ image: { base64: Buffer.from('hello, this is not a picture').toString('base64') } }),
    code: 'BAD_USER_INPUT',
    message: /image is not an image .*allowed formats: jpeg, png, webp/,
  },
  {
    name: 'data URL wrapping text',
    query: CLASSIFY,
    variables: () => ({
      image: { base64: `data:image/png;base64,${Buffer.from('<svg/>').toString('base64')}` },
    }),
    code: 'BAD_USER_INPUT',
    message: /allowed formats: jpeg, png, webp/,
  },
  {
    name: 'both base64 and sampleId',
    query: CLASSIFY,
    variables: () => ({ image: { base64: sampleBase64('pets/cat/cat.1.jpg'), sampleId: 'pets-cat-01' } }),
    code: 'BAD_USER_INPUT',
    message: /image must set exactly one of base64 or sampleId/,
  },
  {
    name: 'neither base64 nor sampleId',
    query: CLASSIFY,
    variables: () => ({ image: {} }),
    code: 'BAD_USER_INPUT',
    message: /image must set exactly one of base64 or sampleId/,
  },
  {
    name: 'unknown sample id',
    query: CLASSIFY,
    variables: () => ({ image: { sampleId: 'pets-unicorn-99' } }),
    code: 'BAD_USER_INPUT',
    message: /sampleId "pets-unicorn-99" is not a stored sample; list ids with the samples query/,
  },
  {
    name: 'topK 0',
    query: CLASSIFY,
    variables: () => ({ image: cat, k: 0 }),
    code: 'BAD_USER_INPUT',
    message: /topK is 0; allowed: an integer from 1 to 100/,
  },
  {
    name: 'topK 101',
    query: CLASSIFY,
    variables: () => ({ image: cat, k: 101 }),
    code: 'BAD_USER_INPUT',
    message: /topK is 101; allowed: an integer from 1 to 100/,
  },
  {
    name: 'topK of the wrong type',
    query: CLASSIFY,
    variables: () => ({ image: cat, k: 'five' }),
    code: 'BAD_USER_INPUT',
    message: /\$k.*Int cannot represent non-integer value/,
  },
  {
    name: 'TIFF instead of JPEG/PNG/WebP',
    query: CLASSIFY,
    variables: async () => ({
      image: {
        base64: (
          await sharp({ create: { width: 32, height: 32, channels: 3, background: '#0a0' } })
            .tiff()
            .toBuffer()
        ).toString('base64'),
      },
    }),
    code: 'BAD_USER_INPUT',
    message: /image is tiff; allowed formats: jpeg, png, webp/,
  },
  {
    name: 'image smaller than the minimum side',
    query: CLASSIFY,
    variables: async () => ({ image: { base64: (await png(4, 4)).toString('base64') } }),
    code: 'BAD_USER_INPUT',
    message: /image is 4×4 pixels; each side must be at least 8 pixels/,
  },
  {
    name: 'image with too many pixels (header checked before decoding)',
    query: CLASSIFY,
    variables: async () => ({ image: { base64: (await png(1200, 1000)).toString('base64') } }),
    code: 'BAD_USER_INPUT',
    message: /image is 1200×1000 = 1200000 pixels; the limit is 1000000 pixels per image/,
  },
  {
    name: 'image with too many bytes',
    query: CLASSIFY,
    variables: () => ({ image: { base64: 'A'.repeat(400_000) } }),
    code: 'BAD_USER_INPUT',
    message: /image is about 300000 bytes; the limit is 250000 bytes per image/,
  },
  {
    name: 'truncated JPEG',
    query: CLASSIFY,
    variables: () => ({
      image: {
        base64: Buffer.from(sampleBase64('pets/cat/cat.1.jpg'), 'base64')
          .subarray(0, 3000)
          .toString('base64'),
      },
    }),
    code: 'BAD_USER_INPUT',
    message: /^image: .*(truncated|cut off|could not be decoded|not a decodable)/,
  },
  {
    name: 'oddOneOut with an empty list',
    query: ODD,
    variables: () => ({ images: [] }),
    code: 'BAD_USER_INPUT',
    message: /images has 0 images; allowed: 3 to 4/,
  },
  {
    name: 'oddOneOut with 2 images',
    query: ODD,
    variables: () => ({ images: [cat, cat] }),
    code: 'BAD_USER_INPUT',
    message: /images has 2 images; allowed: 3 to 4/,
  },
  {
    name: 'oddOneOut with too many images',
    query: ODD,
    variables: () => ({ images: [cat, cat, cat, cat, cat] }),
    code: 'BAD_USER_INPUT',
    message: /images has 5 images; allowed: 3 to 4/,
  },
  {
    name: 'oddOneOut with one bad image names its index',
    query: ODD,
    variables: () => ({ images: [cat, cat, { base64: '%%%' }] }),
    code: 'BAD_USER_INPUT',
    message: /images\[2\]\.base64 is not valid base64/,
  },
  {
    name: 'oddOneOut in an unknown world',
    query: ODD,
    variables: () => ({ images: [cat, cat, cat], world: 'atlantis' }),
    code: 'BAD_USER_INPUT',
    message: /world "atlantis" is not a known world id or name; known worlds: "taken"/,
  },
  {
    name: 'geometric strategy without a world',
    query: ODD,
    variables: () => ({ images: [cat, cat, cat], strategy: 'GEOMETRIC' }),
    code: 'BAD_USER_INPUT',
    message: /strategy GEOMETRIC needs a world/,
  },
  {
    name: 'unknown strategy value',
    query: ODD,
    variables: () => ({ images: [cat, cat, cat], strategy: 'VIBES' }),
    code: 'BAD_USER_INPUT',
    message: /Value "VIBES" does not exist in "ReasoningStrategy" enum/,
  },
  {
    name: 'relation with a missing image',
    query: 'query($i: [ImageInput!]!) { relation(images: $i) { relation } }',
    variables: () => ({ i: [cat, {}, cat] }),
    code: 'BAD_USER_INPUT',
    message: /images\[1\] must set exactly one of base64 or sampleId/,
  },
  {
    name: 'worldMembership in an unknown world',
    query: 'query { worldMembership(world: "nowhere", image: { sampleId: "pets-cat-01" }) { inWorld } }',
    code: 'BAD_USER_INPUT',
    message: /world "nowhere" is not a known world id or name/,
  },
  {
    name: 'world(id) unknown',
    query: '{ world(id: "w_missing") { name } }',
    code: 'BAD_USER_INPUT',
    message: /id "w_missing" is not a known world id or name/,
  },
  {
    name: 'projection of an unknown world',
    query: '{ projection(world: "nowhere") { method } }',
    code: 'BAD_USER_INPUT',
    message: /world "nowhere" is not a known world id or name/,
  },
  {
    name: 'projection with an unknown method',
    query: '{ projection(world: "taken", method: TSNE) { method } }',
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: /Value "TSNE" does not exist in "ProjectionMethod" enum/,
  },
  {
    name: 'job(id) unknown',
    query: '{ job(id: "j_missing") { status } }',
    code: 'BAD_USER_INPUT',
    message: /No job with id "j_missing"/,
  },
  {
    name: 'similarity with a bad second image names b',
    query: 'query($b: ImageInput!) { similarity(a: { sampleId: "pets-cat-01" }, b: $b) { cosine } }',
    variables: () => ({ b: { base64: 'bm90IGFuIGltYWdl' } }),
    code: 'BAD_USER_INPUT',
    message: /^b is not an image/,
  },
  {
    name: 'createWorld without the API key',
    query: CREATE,
    variables: () => ({ name: 'x', examples: [{ image: cat, label: 'cat' }] }),
    code: 'UNAUTHENTICATED',
    message: /needs the API key: send it as the x-api-key header/,
  },
  {
    name: 'createWorld with a wrong API key',
    query: CREATE,
    variables: () => ({ name: 'x', examples: [{ image: cat, label: 'cat' }] }),
    headers: { 'x-api-key': 'wrong' },
    code: 'UNAUTHENTICATED',
    message: /needs the API key/,
  },
  {
    name: 'createWorld with an empty name',
    query: CREATE,
    variables: () => ({ name: '   ', examples: [{ image: cat, label: 'cat' }] }),
    headers: key,
    code: 'BAD_USER_INPUT',
    message: /name has 0 characters after trimming; allowed: 1 to 100/,
  },
  {
    name: 'createWorld with a 101-character name',
    query: CREATE,
    variables: () => ({ name: 'n'.repeat(101), examples: [{ image: cat, label: 'cat' }] }),
    headers: key,
    code: 'BAD_USER_INPUT',
    message: /name has 101 characters after trimming; allowed: 1 to 100/,
  },
  {
    name: 'createWorld with no examples',
    query: CREATE,
    variables: () => ({ name: 'empty', examples: [] }),
    headers: key,
    code: 'BAD_USER_INPUT',
    message: /examples has 0 entries; a new world needs at least 10/,
  },
  {
    name: 'createWorld with an empty label',
    query: CREATE,
    variables: () => ({ name: 'nolabel', examples: [...nine, { image: cat, label: '' }] }),
    headers: key,
    code: 'BAD_USER_INPUT',
    message: /examples\[9\]\.label has 0 characters after trimming; allowed: 1 to 100/,
  },
  {
    name: 'createWorld with a bad example image',
    query: CREATE,
    variables: () => ({
      name: 'badimg',
      examples: [...nine, { image: { base64: 'AAAA' }, label: 'dog' }],
    }),
    headers: key,
    code: 'BAD_USER_INPUT',
    message: /examples\[9\]\.image is not an image/,
  },
  {
    name: 'createWorld with a taken name',
    query: CREATE,
    variables: () => ({ name: 'taken', examples: [{ image: cat, label: 'cat' }] }),
    headers: key,
    code: 'BAD_USER_INPUT',
    message: /A world named "taken" already exists/,
  },
  {
    name: 'createWorld with a reserved id prefix',
    query: CREATE,
    variables: () => ({ name: 'w_fake', examples: [{ image: cat, label: 'cat' }] }),
    headers: key,
    code: 'BAD_USER_INPUT',
    message: /must not start with "w_" or "j_"/,
  },
  {
    name: 'addExamples to an unknown world',
    query:
      'mutation { addExamples(world: "nowhere", examples: [{ image: { sampleId: "pets-cat-01" }, label: "cat" }]) { job { id } } }',
    headers: key,
    code: 'BAD_USER_INPUT',
    message: /world "nowhere" is not a known world id or name/,
  },
  {
    name: 'deleteWorld of an unknown world',
    query: 'mutation { deleteWorld(world: "nowhere") { id } }',
    headers: key,
    code: 'BAD_USER_INPUT',
    message: /world "nowhere" is not a known world id or name/,
  },
  {
    name: 'query deeper than the limit',
    query: '{ __schema { types { fields { type { ofType { ofType { ofType { ofType { name } } } } } } } } }',
    code: 'BAD_USER_INPUT',
    message: /Query depth limit of 6 exceeded/,
  },
  {
    name: 'too many aliases',
    query: `{ ${Array.from({ length: 16 }, (_, i) => `h${i}: health { status }`).join(' ')} }`,
    code: 'BAD_USER_INPUT',
    message: /Aliases limit of 15 exceeded/,
  },
  {
    name: 'query cost over the limit',
    query: `{ ${Array.from({ length: 12 }, (_, i) => `h${i}: health { status version uptimeSeconds model backend database schemaVersion worlds samples queuedImages activeJobs liveTensors reasoningAvailable }`).join(' ')} }`,
    code: 'BAD_USER_INPUT',
    message: /Query Cost limit of 150 exceeded/,
  },
  {
    name: 'too many tokens',
    query: `{ ${Array.from({ length: 200 }, () => 'health { status }').join(' ')} }`,
    code: 'BAD_USER_INPUT',
    message: /Document contains more th[ae]t 400 tokens/,
  },
  {
    name: 'fooling synthesis of an unknown class',
    query: 'mutation { synthesizeFoolingImage(targetClass: "unicorn") { id } }',
    headers: key,
    code: 'BAD_USER_INPUT',
    message:
      /targetClass "unicorn" is not a class of darknet-tiny; give a class name \(e\.g\. "tabby", "wine bottle"\) or an index 0–999/,
  },
  {
    name: 'fooling synthesis with 0 steps',
    query: 'mutation { synthesizeFoolingImage(targetClass: "tabby", maxSteps: 0) { id } }',
    headers: key,
    code: 'BAD_USER_INPUT',
    message: /maxSteps is 0; allowed: 1 to 500/,
  },
  {
    name: 'fooling synthesis without the API key',
    query: 'mutation { synthesizeFoolingImage(targetClass: "tabby") { id } }',
    code: 'UNAUTHENTICATED',
    message: /needs the API key/,
  },
  {
    name: 'asymmetry of a label with too few samples',
    query: '{ asymmetry(a: "unicorn", b: "dog") { nameA } }',
    code: 'BAD_USER_INPUT',
    message:
      /a "unicorn" has 0 samples in collection "pets"; the experiment needs at least 20\. Labels there: cat, dog/,
  },
  {
    name: 'asymmetry of a label against itself',
    query: '{ asymmetry(a: "cat", b: "cat") { nameA } }',
    code: 'BAD_USER_INPUT',
    message: /a and b are both "cat"; compare two different labels/,
  },
  {
    name: 'unknown field',
    query: '{ classify(image: { sampleId: "pets-cat-01" }) { top { colour } } }',
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: /Cannot query field "colour" on type "ClassScore"/,
  },
  {
    name: 'syntax error',
    query: '{ classify(image: { sampleId: "pets-cat-01" } { top',
    code: 'GRAPHQL_PARSE_FAILED',
    message: /Syntax Error/,
  },
];

beforeAll(async () => {
  t = await startTestGateway({
    limits: {
      maxDepth: 6,
      maxTokens: 400,
      maxCost: 150,
      maxImagesPerRequest: 4,
      maxPixels: 1_000_000,
      maxImageBytes: 250_000,
      maxRequestBytes: 1_000_000,
    },
  });
  // One world so "taken" exists; its build runs in the background and does not matter here.
  const ten = [1, 2, 3, 4, 5].flatMap((n) => [
    { image: { sampleId: `pets-cat-0${n}` }, label: 'cat' },
    { image: { sampleId: `pets-dog-0${n}` }, label: 'dog' },
  ]);
  const created = await t.mutate(CREATE, { name: 'taken', examples: ten });
  expect(created.errors).toBeUndefined();
});

afterAll(async () => {
  await t.close();
  removeDir(t.dir);
});

describe(`every bad input is a GraphQL error with a code and a message saying what is allowed (${cases.length} cases)`, () => {
  it.each(cases)('$name', async (c) => {
    const variables = c.variables === undefined ? {} : await c.variables();
    const r = await t.gql(c.query, variables, c.headers);
    expect(r.status).toBeLessThan(500);
    expect(r.errors, JSON.stringify(r.data)).toHaveLength(1);
    const error = (r.errors ?? [])[0];
    expect(error.extensions?.code).toBe(c.code);
    expect(error.message).toMatch(c.message);
    // The server still answers after every bad request.
    const health = await fetch(`${t.gateway.url}/health`);
    expect(health.status).toBe(200);
  });

  it('rejects a body that is not JSON with 400 BAD_USER_INPUT', async () => {
    const res = await fetch(`${t.gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": "{ health { status } }"',
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0].message).toMatch(
      /not valid JSON .*send \{"query": "\.\.\.", "variables": \{\.\.\.\}\}/,
    );
  });

  it('rejects a body over the request limit with 413 BAD_USER_INPUT and keeps serving', async () => {
    const res = await fetch(`${t.gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: CLASSIFY, variables: { image: { base64: 'A'.repeat(1_100_000) } } }),
    });
    expect(res.status).toBe(413);
    const body = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(body.errors[0].message).toMatch(/larger than 1000000 bytes, the limit per request/);
    const ok = await t.gql<{ classify: { top: { name: string }[] } }>(CLASSIFY, {
      image: { sampleId: 'imagenet4-tiger-shark-01' },
      k: 1,
    });
    expect(ok.data?.classify.top[0].name).toBe('tiger shark');
  });

  it('refuses batched requests and GET mutations', async () => {
    const batch = await fetch(`${t.gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ health { status } }' }, { query: '{ health { status } }' }]),
    });
    expect(batch.status).toBe(400);
    const get = await fetch(
      `${t.gateway.url}/graphql?query=${encodeURIComponent('mutation { deleteWorld(world: "taken") { id } }')}`,
      {
        headers: { 'apollo-require-preflight': 'true', ...key },
      },
    );
    expect(get.status).toBe(405);
  });
});
