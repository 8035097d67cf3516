import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  must,
  removeDir,
  sampleBase64,
  startTestGateway,
  waitForJob,
  type TestGateway,
} from './helpers/test-gateway.js';

let t: TestGateway;

beforeAll(async () => {
  t = await startTestGateway();
});

afterAll(async () => {
  await t.close();
  removeDir(t.dir);
});

interface Top {
  index: number;
  wnid: string;
  name: string;
  probability: number;
  logit: number;
}

describe('read-only queries over real HTTP', () => {
  it('classify: bundled tiger-shark and tabby photos come back as their ImageNet classes (SOURCE.md: 3/3, 1/2 top-1)', async () => {
    const query = `query($image: ImageInput!, $k: Int!) {
      classify(image: $image, topK: $k) { model classCount top { index wnid name probability logit } } }`;
    const shark = await t.gql<{ classify: { model: string; classCount: number; top: Top[] } }>(query, {
      image: { base64: sampleBase64('imagenet4/tiger_shark/n01491361_tiger_shark.jpg') },
      k: 5,
    });
    expect(shark.errors).toBeUndefined();
    const c = must(shark).classify;
    expect(c.model).toBe('darknet-tiny');
    expect(c.classCount).toBe(1000);
    expect(c.top).toHaveLength(5);
    expect(c.top[0]).toMatchObject({ index: 442, wnid: 'n01491361', name: 'tiger shark' });
    // Sorted by probability, probabilities in (0, 1], logits ordered the same way as probabilities.
    for (let i = 1; i < 5; i++) {
      expect(c.top[i].probability).toBeLessThanOrEqual(c.top[i - 1].probability);
      expect(c.top[i].logit).toBeLessThanOrEqual(c.top[i - 1].logit);
    }
    const tabby = await t.gql<{ classify: { top: Top[] } }>(query, {
      image: { sampleId: 'imagenet4-tabby-01' },
      k: 1,
    });
    expect(must(tabby).classify.top.map((x) => x.name)).toEqual(['tabby']);
  });

  it('classify accepts a data URL and the URL-safe alphabet and gives the same answer as plain base64', async () => {
    const plain = sampleBase64('pets/dog/dog.11.jpg');
    const query =
      'query($image: ImageInput!) { classify(image: $image, topK: 3) { top { index probability } } }';
    const a = await t.gql<{ classify: { top: Top[] } }>(query, { image: { base64: plain } });
    const b = await t.gql<{ classify: { top: Top[] } }>(query, {
      image: { base64: `data:image/jpeg;base64,${plain.replace(/\+/g, '-').replace(/\//g, '_')}` },
    });
    expect(b.errors).toBeUndefined();
    expect(must(b).classify.top).toEqual(must(a).classify.top);
  });

  it('similarity: an image is identical to itself and two cats are closer than a cat and a wine bottle', async () => {
    const query = `query($a: ImageInput!, $b: ImageInput!) {
      similarity(a: $a, b: $b) { cosine space model topA { name } topB { name } } }`;
    const self = await t.gql<{ similarity: { cosine: number; space: string } }>(query, {
      a: { sampleId: 'pets-cat-01' },
      b: { base64: sampleBase64('pets/cat/cat.1.jpg') },
    });
    expect(must(self).similarity.cosine).toBeCloseTo(1, 6);
    expect(must(self).similarity.space).toBe('classSpace');
    const cats = await t.gql<{ similarity: { cosine: number } }>(query, {
      a: { sampleId: 'pets-cat-01' },
      b: { sampleId: 'pets-cat-02' },
    });
    const catBottle = await t.gql<{ similarity: { cosine: number } }>(query, {
      a: { sampleId: 'pets-cat-01' },
      b: { sampleId: 'imagenet4-wine-bottle-06' },
    });
    expect(must(cats).similarity.cosine).toBeGreaterThan(must(catBottle).similarity.cosine);
    expect(Math.abs(must(catBottle).similarity.cosine)).toBeLessThanOrEqual(1);
  });

  it('models lists the registry and marks the loaded model', async () => {
    const r = await t.gql<{
      models: {
        name: string;
        active: boolean;
        inputSize: number;
        normalisation: string;
        outputKind: string;
        backend: string | null;
      }[];
    }>('{ models { name active inputSize normalisation outputKind backend } }');
    const byName = new Map(must(r).models.map((m) => [m.name, m]));
    expect(byName.get('darknet-tiny')).toMatchObject({
      active: true,
      inputSize: 224,
      normalisation: '0..1',
      outputKind: 'logits',
    });
    expect(['wasm', 'cpu', 'tensorflow', 'tensorflow-gpu']).toContain(byName.get('darknet-tiny')?.backend);
    expect(byName.get('mobilenet-v1-0.75-224')).toMatchObject({
      active: false,
      normalisation: '-1..1',
      outputKind: 'probabilities',
      backend: null,
    });
  });

  it('samples lists the 128 bundled photos with thumbnails, filterable by collection', async () => {
    const all = await t.gql<{
      samples: { id: string; label: string; collection: string; thumbnail: string; width: number }[];
    }>('{ samples { id label collection thumbnail width } }');
    expect(must(all).samples).toHaveLength(128);
    expect(
      must(all).samples.every((s) => s.thumbnail.startsWith('data:image/jpeg;base64,') && s.width > 0),
    ).toBe(true);
    const pets = await t.gql<{ samples: { label: string }[] }>('{ samples(collection: "pets") { label } }');
    expect(
      must(pets)
        .samples.map((s) => s.label)
        .sort(),
    ).toEqual([...Array(48).fill('cat'), ...Array(48).fill('dog')]);
  });

  it('health as a query and as GET /health', async () => {
    const q = await t.gql<{ health: Record<string, unknown> }>(
      '{ health { status model backend database schemaVersion samples worlds reasoningAvailable } }',
    );
    expect(must(q).health).toMatchObject({
      status: 'ok',
      model: 'darknet-tiny',
      database: true,
      schemaVersion: 3, // migrations: base, async store, collections
      samples: 128,
      worlds: 0,
    });
    const res = await fetch(`${t.gateway.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', database: true, samples: 128 });
  });

  it('answers CORS preflights, echoes request ids and answers unknown paths with a JSON 404', async () => {
    const pre = await fetch(`${t.gateway.url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: 'http://example.test', 'access-control-request-method': 'POST' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-headers')).toContain('x-api-key');
    const r = await t.gql('{ health { status } }', {}, { 'x-request-id': 'abc-123' });
    expect(r.headers.get('x-request-id')).toBe('abc-123');
    const missing = await fetch(`${t.gateway.url}/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ errors: [{ extensions: { code: 'NOT_FOUND' } }] });
  });

  it('keeps the number of live tensors flat across many CNN requests, good and bad', async () => {
    const tensors = async (): Promise<number> =>
      must(await t.gql<{ health: { liveTensors: number } }>('{ health { liveTensors } }')).health.liveTensors;
    const before = await tensors();
    const truncated = sampleBase64('pets/cat/cat.1.jpg').slice(0, 4000);
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        t.gql('query($image: ImageInput!) { classify(image: $image) { top { name } } }', {
          image:
            i % 3 === 0
              ? { base64: truncated }
              : { sampleId: i % 2 === 0 ? 'pets-dog-01' : 'flowers-rose-02' },
        }),
      ),
    );
    expect(await tensors()).toBe(before);
  });

  it('asymmetry runs the paper cat/dog experiment on the stored pets, reproducibly per seed', async () => {
    const query = `query($seed: Int!) { asymmetry(a: "cat", b: "dog", collection: "pets", seed: $seed) {
      nameA nameB boundary seed counts { trainA testA trainB testB }
      novel { surpriseA surpriseB asymmetry } familiar { surpriseA surpriseB asymmetry }
      trainControl { surpriseA surpriseB asymmetry } together { pureA pureB asymmetry } } }`;
    type Pair = { surpriseA: number; surpriseB: number; asymmetry: number };
    type Result = {
      asymmetry: {
        nameA: string;
        nameB: string;
        boundary: string;
        seed: number;
        counts: Record<string, number>;
        novel: Pair;
        familiar: Pair;
        trainControl: Pair;
        together: { pureA: number; pureB: number; asymmetry: number };
      };
    };
    const r = must(await t.gql<Result>(query, { seed: 3 })).asymmetry;
    expect(r).toMatchObject({ nameA: 'cat', nameB: 'dog', boundary: 'calibrated', seed: 3 });
    expect(r.counts).toEqual({ trainA: 24, testA: 24, trainB: 24, testB: 24 });
    for (const p of [r.novel, r.familiar, r.trainControl]) {
      for (const v of [p.surpriseA, p.surpriseB]) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(100);
        // Shares of 24 items: multiples of 100/24.
        expect(Math.abs(v / (100 / 24) - Math.round(v / (100 / 24)))).toBeLessThan(1e-9);
      }
      expect(p.asymmetry).toBeCloseTo(p.surpriseB - p.surpriseA, 9);
    }
    expect(r.together.asymmetry).toBeCloseTo(r.together.pureB - r.together.pureA, 9);
    // The paper's direction on the bundled pets: dogs surprise a cat-familiarised world more than the reverse
    // (seed 3: +29.2 pp; seeds 0–5 measured +20.8 to +79.2 pp with 24 training photos per category).
    expect(r.novel.asymmetry).toBeGreaterThan(0);
    expect(must(await t.gql<Result>(query, { seed: 3 })).asymmetry).toEqual(r);
  });

  it('synthesizeFoolingImage runs as a job and stores the image as a sample the CNN reads as the target class', async () => {
    const started = await t.mutate<{ synthesizeFoolingImage: { id: string; kind: string; total: number } }>(
      'mutation { synthesizeFoolingImage(targetClass: "tabby", seed: 1, maxSteps: 3) { id kind total } }',
    );
    const job0 = must(started).synthesizeFoolingImage;
    expect(job0).toMatchObject({ kind: 'SYNTHESIZE_FOOLING', total: 3 });
    const { job } = await waitForJob(t, job0.id);
    expect(job['status']).toBe('SUCCEEDED');
    const final = must(
      await t.gql<{ job: { sampleId: string; message: string } }>(
        'query($id: ID!) { job(id: $id) { sampleId message } }',
        {
          id: job0.id,
        },
      ),
    ).job;
    expect(final.sampleId).toBe('fooling-tabby-s1');
    const samples = must(
      await t.gql<{ samples: { id: string; label: string; width: number }[] }>(
        '{ samples(collection: "fooling") { id label width } }',
      ),
    ).samples;
    expect(samples).toEqual([{ id: 'fooling-tabby-s1', label: 'tabby', width: 224 }]);
    // The job reports the target's softmax on the stored PNG; classify of that sample must say the same.
    const c = must(
      await t.gql<{ classify: { top: { name: string; probability: number }[] } }>(
        '{ classify(image: { sampleId: "fooling-tabby-s1" }, topK: 100) { top { name probability } } }',
      ),
    ).classify;
    const tabby = c.top.find((x) => x.name === 'tabby');
    expect(tabby).toBeDefined();
    expect(final.message).toContain(
      `${(100 * (tabby?.probability ?? 0)).toFixed(2)} % (target tabby) after 3 steps`,
    );
  });
});
