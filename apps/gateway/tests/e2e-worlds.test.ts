import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import {
  must,
  removeDir,
  SAMPLES_DIR,
  sampleBase64,
  startTestGateway,
  waitForJob,
  type TestGateway,
} from './helpers/test-gateway.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'cf-gateway-worlds-'));
let t: TestGateway | undefined;
const gw = (): TestGateway => {
  if (t === undefined) throw new Error('gateway not started');
  return t;
};

afterAll(async () => {
  await t?.close();
  removeDir(dir);
});

const WORLD_FIELDS = `id name model tap status exampleCount embeddedCount labels { label count } treeNote
  tree { nodeCount leafCount pureLeafCount mixedLeafCount rejectCount depth dimensions boxKind threshold acceptance alpha guessAccuracy }`;

interface WorldView {
  id: string;
  name: string;
  status: string;
  exampleCount: number;
  embeddedCount: number;
  labels: { label: string; count: number }[];
  tree: {
    nodeCount: number;
    leafCount: number;
    dimensions: number;
    threshold: number;
    alpha: number;
    acceptance: number;
  } | null;
}
interface Point {
  exampleId: number;
  label: string;
  x: number;
  y: number;
  sampleId: string | null;
  thumbnail: string;
}

const examples = [
  ...['01', '02', '03', '04'].map((n) => ({ image: { sampleId: `pets-cat-${n}` }, label: 'cat' })),
  ...['01', '02', '03'].map((n) => ({ image: { sampleId: `pets-dog-${n}` }, label: 'dog' })),
  { image: { base64: sampleBase64('pets/dog/dog.119.jpg') }, label: 'dog' },
  ...['01', '02', '03', '04'].map((n) => ({ image: { sampleId: `flowers-rose-${n}` }, label: 'rose' })),
];
const MEMBERSHIP = `query($w: ID!, $i: ImageInput!) { worldMembership(world: $w, image: $i) {
  worldId inWorld confidence guesses { label score confidence } source pValue escapingDimensions escapeDistance threshold path
  cnnTop { name probability } } }`;
const ODD = `query($i: [ImageInput!]!, $w: ID, $s: ReasoningStrategy) { oddOneOut(images: $i, world: $w, strategy: $s) {
  index confidence strategy explanation relation { relation groups oddIndex confidence strategy explanation } } }`;
const PROJECTION = `query($w: ID!, $m: ProjectionMethod!, $s: Int!) { projection(world: $w, method: $m, seed: $s) {
  worldId method dimensions seed points { exampleId label x y sampleId thumbnail } } }`;

let worldId = '';
let jobId = '';
let umapBefore: Point[] = [];
let membershipBefore: unknown;

describe('worlds end to end over HTTP, persisted in SQLite', () => {
  it('createWorld queues a build job whose progress reaches 1 and leaves a READY world with a tree', async () => {
    t = await startTestGateway({ dir });
    const r = await t.mutate<{
      createWorld: { world: WorldView; job: { id: string; status: string; total: number } };
    }>(
      `mutation($n: String!, $e: [LabeledImageInput!]!) { createWorld(name: $n, examples: $e) {
        world { ${WORLD_FIELDS} } job { id status total } } }`,
      { n: 'pets and roses', e: examples },
    );
    const created = must(r).createWorld;
    expect(created.world).toMatchObject({
      name: 'pets and roses',
      status: 'BUILDING',
      exampleCount: 12,
      tree: null,
    });
    expect(created.job.total).toBe(13); // 12 embeddings + the tree build
    worldId = created.world.id;
    jobId = created.job.id;
    const { job, progress } = await waitForJob(t, jobId);
    expect(job).toMatchObject({ status: 'SUCCEEDED', done: 13, total: 13, progress: 1, worldId });
    for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeGreaterThanOrEqual(progress[i - 1]);

    const world = must(
      await t.gql<{ world: WorldView }>(`query($id: ID!) { world(id: $id) { ${WORLD_FIELDS} } }`, {
        id: worldId,
      }),
    ).world;
    expect(world).toMatchObject({
      status: 'READY',
      exampleCount: 12,
      embeddedCount: 12,
      model: 'darknet-tiny',
      tap: 'leaky_re_lu_14:gap',
    });
    expect(world.labels).toEqual([
      { label: 'cat', count: 4 },
      { label: 'dog', count: 4 },
      { label: 'rose', count: 4 },
    ]);
    expect(world.tree?.dimensions).toBe(512); // darknet-tiny leaky_re_lu_14, global-average-pooled
    expect(world.tree?.nodeCount).toBeGreaterThanOrEqual(2);
    expect(world.tree?.alpha).toBe(0.1);
    expect(world.tree?.acceptance).toBeGreaterThan(0);
    // Lookup by name gives the same world.
    const byName = must(await t.gql<{ world: WorldView }>('{ world(id: "pets and roses") { id } }')).world;
    expect(byName.id).toBe(worldId);
  });

  it('worldMembership: a training photo is inside with its own label; the CNN answer is reported beside it', async () => {
    const m = must(
      await gw().gql<{
        worldMembership: {
          inWorld: boolean;
          guesses: { label: string; confidence: number }[];
          path: number[];
          cnnTop: { name: string };
          threshold: number;
          escapeDistance: number;
        };
      }>(MEMBERSHIP, { w: worldId, i: { sampleId: 'flowers-rose-02' } }),
    ).worldMembership;
    expect(m.inWorld).toBe(true);
    expect(m.guesses[0].label).toBe('rose');
    expect(m.path[0]).toBe(0);
    expect(m.escapeDistance).toBeLessThanOrEqual(m.threshold);
    expect(typeof m.cnnTop.name).toBe('string');
    membershipBefore = m;
  });

  it('fooling images the CNN calls with >= 99 % confidence fall outside the world: no guess', async () => {
    // The extractors' synthesised fixtures (gradient ascent on darknet-tiny; see their README and manifest).
    const dir = path.resolve(import.meta.dirname, '../../../libs/extractors/tests/fixtures/fooling');
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
      images: { file: string; name: string }[];
    };
    expect(manifest.images.length).toBeGreaterThanOrEqual(6);
    for (const image of manifest.images) {
      const m = must(
        await gw().gql<{
          worldMembership: {
            inWorld: boolean;
            confidence: number | null;
            guesses: unknown[];
            cnnTop: { name: string; probability: number };
          };
        }>(MEMBERSHIP, {
          w: worldId,
          i: { base64: readFileSync(path.join(dir, image.file)).toString('base64') },
        }),
      ).worldMembership;
      expect(m.cnnTop.name, image.file).toBe(image.name.replace(/_/g, ' '));
      expect(m.cnnTop.probability, image.file).toBeGreaterThanOrEqual(0.99);
      expect(m.inWorld, image.file).toBe(false);
      expect(m.confidence, image.file).toBeNull();
      expect(m.guesses, image.file).toEqual([]);
    }
  });

  it('oddOneOut finds the wine bottle among two cats, without a world (CNN labels) and with one', async () => {
    const images = [
      { sampleId: 'pets-cat-05' },
      { sampleId: 'pets-cat-06' },
      { sampleId: 'imagenet4-wine-bottle-01' },
    ];
    const plain = must(
      await gw().gql<{
        oddOneOut: { index: number; strategy: string; explanation: string; relation: { relation: string } };
      }>(ODD, { i: images }),
    ).oddOneOut;
    expect(plain.index).toBe(2);
    expect(plain.strategy).toBe('LABELS');
    expect(plain.explanation.length).toBeGreaterThan(10);
    const withWorld = must(
      await gw().gql<{ oddOneOut: { index: number; strategy: string } }>(ODD, {
        i: images,
        w: worldId,
        s: 'GEOMETRIC',
      }),
    ).oddOneOut;
    expect(withWorld.index).toBe(2);
    expect(withWorld.strategy).toBe('GEOMETRIC');
  });

  it('relation returns one of the three relations with groups that partition the images', async () => {
    const r = must(
      await gw().gql<{
        relation: { relation: string; groups: number[][]; strategy: string; confidence: number };
      }>(
        `query($i: [ImageInput!]!, $w: ID) { relation(images: $i, world: $w) { relation groups oddIndex confidence strategy explanation } }`,
        {
          i: [
            { sampleId: 'pets-dog-04' },
            { sampleId: 'pets-dog-05' },
            { sampleId: 'flowers-rose-05' },
            { sampleId: 'pets-cat-05' },
          ],
          w: 'pets and roses',
        },
      ),
    ).relation;
    expect(['SET', 'SAME_SAME_DIFFERENT', 'ANTISET']).toContain(r.relation);
    expect(r.groups.flat().sort()).toEqual([0, 1, 2, 3]);
    expect(r.strategy).toBe('COMBINED'); // the library's default when a world is given
    expect(r.confidence).toBeGreaterThanOrEqual(0);
    expect(r.confidence).toBeLessThanOrEqual(1);
  });

  it('projection: PCA and seeded UMAP give one labelled point with a thumbnail per example', async () => {
    const pca = must(
      await gw().gql<{ projection: { method: string; dimensions: number; points: Point[] } }>(PROJECTION, {
        w: worldId,
        m: 'PCA',
        s: 0,
      }),
    ).projection;
    expect(pca.dimensions).toBe(512);
    expect(pca.points).toHaveLength(12);
    expect(pca.points.map((p) => p.label).sort()).toEqual([
      ...Array(4).fill('cat'),
      ...Array(4).fill('dog'),
      ...Array(4).fill('rose'),
    ]);
    expect(
      pca.points.every(
        (p) =>
          Number.isFinite(p.x) && Number.isFinite(p.y) && p.thumbnail.startsWith('data:image/jpeg;base64,'),
      ),
    ).toBe(true);
    expect(pca.points.filter((p) => p.sampleId === null)).toHaveLength(1); // the base64 upload
    // PCA coordinates are centred.
    expect(pca.points.reduce((s, p) => s + p.x, 0) / 12).toBeCloseTo(0, 3);
    const umap = must(
      await gw().gql<{ projection: { points: Point[] } }>(PROJECTION, { w: worldId, m: 'UMAP', s: 7 }),
    ).projection;
    expect(umap.points).toHaveLength(12);
    umapBefore = umap.points;
  });

  it('world.clusters lists the tree: the root holds every example, children point at earlier parents', async () => {
    const { world } = must(
      await gw().gql<{
        world: {
          clusters: {
            id: number;
            parentId: number | null;
            depth: number;
            size: number;
            pure: boolean;
            labels: { label: string; count: number }[];
            exampleIds: number[];
          }[];
        };
      }>(
        'query($id: ID!) { world(id: $id) { clusters { id parentId depth size pure kind labels { label count } exampleIds } } }',
        { id: worldId },
      ),
    );
    const pca = must(
      await gw().gql<{ projection: { points: Point[] } }>(PROJECTION, { w: worldId, m: 'PCA', s: 0 }),
    ).projection;
    const [root, ...rest] = world.clusters;
    expect(root).toMatchObject({ id: 0, parentId: null, depth: 0, size: 12, pure: false });
    expect([...root.exampleIds].sort((a, b) => a - b)).toEqual(
      pca.points.map((p) => p.exampleId).sort((a, b) => a - b),
    );
    expect(root.labels).toEqual([
      { label: 'cat', count: 4 },
      { label: 'dog', count: 4 },
      { label: 'rose', count: 4 },
    ]);
    expect(rest.length).toBeGreaterThan(0);
    const seen = new Map(world.clusters.map((c) => [c.id, c]));
    for (const c of rest) {
      const parent = seen.get(c.parentId ?? -1);
      expect(parent, `cluster ${c.id}`).toBeDefined();
      expect(c.depth).toBe((parent?.depth ?? 0) + 1);
      expect(c.size).toBe(c.exampleIds.length);
      expect(c.labels.reduce((n, l) => n + l.count, 0)).toBe(c.size);
      expect(c.pure).toBe(c.labels.length === 1);
      expect(c.exampleIds.every((id) => root.exampleIds.includes(id))).toBe(true);
    }
  });

  it('survives a restart: same world, tree, job, answers, and the same UMAP map for the same seed', async () => {
    await gw().close();
    t = await startTestGateway({ dir });
    const worlds = must(await t.gql<{ worlds: WorldView[] }>(`{ worlds { ${WORLD_FIELDS} } }`)).worlds;
    expect(worlds).toHaveLength(1);
    expect(worlds[0]).toMatchObject({ id: worldId, status: 'READY', exampleCount: 12, embeddedCount: 12 });
    const job = must(
      await t.gql<{ job: { status: string } }>('query($id: ID!) { job(id: $id) { status } }', { id: jobId }),
    ).job;
    expect(job.status).toBe('SUCCEEDED');
    const m = must(
      await t.gql<{ worldMembership: unknown }>(MEMBERSHIP, {
        w: worldId,
        i: { sampleId: 'flowers-rose-02' },
      }),
    ).worldMembership;
    expect(m).toEqual(membershipBefore);
    const umap = must(
      await t.gql<{ projection: { points: Point[] } }>(PROJECTION, { w: worldId, m: 'UMAP', s: 7 }),
    ).projection;
    expect(umap.points).toEqual(umapBefore);
  });

  it('addExamples rebuilds the world with the new examples; deleteWorld removes it but keeps the job record', async () => {
    const r = await gw().mutate<{ addExamples: { job: { id: string } } }>(
      'mutation($w: ID!, $e: [LabeledImageInput!]!) { addExamples(world: $w, examples: $e) { job { id } } }',
      {
        w: worldId,
        e: [
          { image: { sampleId: 'pets-dog-05' }, label: 'dog' },
          { image: { sampleId: 'pets-dog-06' }, label: 'dog' },
        ],
      },
    );
    const { job } = await waitForJob(gw(), must(r).addExamples.job.id);
    expect(job).toMatchObject({ status: 'SUCCEEDED', total: 3 });
    const world = must(
      await gw().gql<{ world: WorldView }>(`query($id: ID!) { world(id: $id) { ${WORLD_FIELDS} } }`, {
        id: worldId,
      }),
    ).world;
    expect(world).toMatchObject({ exampleCount: 14, embeddedCount: 14, status: 'READY' });
    expect(world.labels.find((l) => l.label === 'dog')?.count).toBe(6);

    const del = must(
      await gw().mutate<{ deleteWorld: { id: string; name: string; deletedExamples: number } }>(
        'mutation($w: ID!) { deleteWorld(world: $w) { id name deletedExamples } }',
        { w: 'pets and roses' },
      ),
    ).deleteWorld;
    expect(del).toEqual({ id: worldId, name: 'pets and roses', deletedExamples: 14 });
    expect(must(await gw().gql<{ worlds: WorldView[] }>('{ worlds { id } }')).worlds).toEqual([]);
    const old = must(
      await gw().gql<{ job: { status: string; worldId: string } }>(
        'query($id: ID!) { job(id: $id) { status worldId } }',
        { id: jobId },
      ),
    ).job;
    expect(old).toEqual({ status: 'SUCCEEDED', worldId });
  });
});

describe('first start', () => {
  it('creates the database, imports the samples and builds the demo world from them, once; resumes an interrupted build', async () => {
    const samples = mkdtempSync(path.join(os.tmpdir(), 'cf-samples-'));
    const home = mkdtempSync(path.join(os.tmpdir(), 'cf-first-start-'));
    const files = [
      ['pets-cat-01', 'cat', 'pets/cat/cat.1.jpg'],
      ['pets-cat-02', 'cat', 'pets/cat/cat.103.jpg'],
      ['pets-cat-03', 'cat', 'pets/cat/cat.104.jpg'],
      ['pets-dog-01', 'dog', 'pets/dog/dog.11.jpg'],
      ['pets-dog-02', 'dog', 'pets/dog/dog.112.jpg'],
      ['pets-dog-03', 'dog', 'pets/dog/dog.115.jpg'],
      ['pets-cat-04', 'cat', 'pets/cat/cat.11.jpg'],
      ['pets-cat-05', 'cat', 'pets/cat/cat.110.jpg'],
      ['pets-dog-04', 'dog', 'pets/dog/dog.119.jpg'],
      ['pets-dog-05', 'dog', 'pets/dog/dog.131.jpg'],
    ];
    mkdirSync(path.join(samples, 'pets/cat'), { recursive: true });
    mkdirSync(path.join(samples, 'pets/dog'), { recursive: true });
    for (const [, , file] of files) copyFileSync(path.join(SAMPLES_DIR, file), path.join(samples, file));
    writeFileSync(
      path.join(samples, 'manifest.json'),
      JSON.stringify(files.map(([id, label, file]) => ({ id, collection: 'pets', label, file }))),
    );
    try {
      let g = await startTestGateway({ dir: home, samplesDir: samples, demoWorld: true });
      await g.gateway.whenJobsIdle();
      const worlds = must(
        await g.gql<{ worlds: WorldView[] }>(
          '{ worlds { name status exampleCount labels { label count } } }',
        ),
      ).worlds;
      expect(worlds).toEqual([
        {
          name: 'demo',
          status: 'READY',
          exampleCount: 10,
          labels: [
            { label: 'cat', count: 5 },
            { label: 'dog', count: 5 },
          ],
        },
      ]);
      await g.close();
      g = await startTestGateway({ dir: home, samplesDir: samples, demoWorld: true });
      const again = must(
        await g.gql<{ worlds: { name: string }[]; samples: { id: string }[] }>(
          '{ worlds { name } samples { id } }',
        ),
      );
      expect(again.worlds).toHaveLength(1);
      expect(again.samples).toHaveLength(10);
      await g.close();

      // A stop in the middle of a build: the job was RUNNING, the world BUILDING, 4 examples not yet embedded.
      const db = new BetterSqlite3(g.dbPath);
      db.prepare(
        'UPDATE examples SET activation = NULL WHERE id IN (SELECT id FROM examples ORDER BY id LIMIT 4)',
      ).run();
      db.prepare("UPDATE worlds SET status = 'BUILDING'").run();
      db.prepare("UPDATE jobs SET status = 'RUNNING', finished_at = NULL").run();
      db.close();
      g = await startTestGateway({ dir: home, samplesDir: samples, demoWorld: true });
      await g.gateway.whenJobsIdle();
      const resumed = must(
        await g.gql<{
          worlds: { status: string; embeddedCount: number; tree: { nodeCount: number } | null }[];
        }>('{ worlds { status embeddedCount tree { nodeCount } } }'),
      ).worlds;
      expect(resumed).toHaveLength(1);
      expect(resumed[0]).toMatchObject({ status: 'READY', embeddedCount: 10 });
      expect(resumed[0].tree?.nodeCount).toBeGreaterThan(1);
      const jobs = new BetterSqlite3(g.dbPath, { readonly: true })
        .prepare('SELECT kind, status, error_code AS code, total FROM jobs ORDER BY created_at')
        .all();
      expect(jobs).toEqual([
        { kind: 'CREATE_WORLD', status: 'FAILED', code: 'INTERRUPTED', total: 11 },
        { kind: 'RESUME_BUILD', status: 'SUCCEEDED', code: null, total: 5 },
      ]);
      await g.close();

      // Restarted with another world tap: the demo world (built on leaky_re_lu_14:gap) says which setting answers it.
      g = await startTestGateway({ dir: home, samplesDir: samples, demoWorld: true, worldTap: 'classSpace' });
      const mismatch = await g.gql(
        '{ worldMembership(world: "demo", image: { sampleId: "pets-cat-01" }) { inWorld } }',
      );
      expect(mismatch.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
      expect(mismatch.errors?.[0]?.message).toBe(
        'World "demo" was built on tap leaky_re_lu_14:gap; this gateway extracts classSpace. Use a world built on classSpace, or restart the gateway with CLUSTERFLOW_WORLD_TAP=leaky_re_lu_14:gap.',
      );
      await g.close();
    } finally {
      removeDir(samples);
      removeDir(home);
    }
  });
});
