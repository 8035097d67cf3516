/**
 * Generates a set of fooling images with a fixed plan (targets × seeds), resumably: an image whose PNG and
 * manifest entry both exist is skipped, so re-running on a fresh or interrupted machine only fills the gaps.
 *
 *   npx tsx libs/extractors/scripts/make-fooling-set.ts                 # eval set (≥ 120) → tmp/eval-cache/fooling/
 *   npx tsx libs/extractors/scripts/make-fooling-set.ts --set fixtures  # 6 test fixtures → tests/fixtures/fooling/
 *   options: --out DIR, --model NAME (registry name, default darknet-tiny), --limit N (first N of the plan)
 *
 * Runs in one process on one core (wasm backend); each image records its own wall time in the manifest.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { selectBackend } from '../src/backend/select-backend.js';
import { foolingFileName } from '../src/fooling/fooling-manifest.js';
import { synthesizeFoolingImage } from '../src/fooling/synthesize-fooling-image.js';
import { registerWasmGradients } from '../src/gradients/register-wasm-gradients.js';
import { getModel, type ClassLabel } from '../src/model/model-registry.js';
import { seededRandom } from '../src/fooling/seeded-random.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Darknet-order class names; looked up by name so the plan reads as what it means. */
const PETS = [
  'tabby',
  'tiger cat',
  'Egyptian cat',
  'Persian cat',
  'Siamese cat',
  'Labrador retriever',
  'golden retriever',
  'German shepherd',
  'beagle',
  'pug',
  'Chihuahua',
  'Samoyed',
  // the single-breed classes of the dog-breeds photo set
  'bloodhound',
  'Cardigan',
  'Great Dane',
  'Pembroke',
  'Rottweiler',
  'Saint Bernard',
  'whippet',
];
const FIXTURES = ['tabby', 'daisy', 'wine bottle', 'tiger shark', 'Labrador retriever', 'banana'];
/** Retries use seed + RETRY_STRIDE·k, so a failed seed never collides with a planned one. */
const RETRY_STRIDE = 1000;

interface PlanItem {
  targetClass: number;
  name: string;
  wnid: string;
  seed: number;
  group: 'pet' | 'daisy' | 'imagenet4' | 'other' | 'fixture';
}

interface ManifestEntry extends PlanItem {
  file: string;
  confidence: number;
  topClass: number;
  steps: number;
  converged: boolean;
  /** Wall time for this image including failed attempts. */
  ms: number;
  attempts: number;
}

interface Manifest {
  model: string;
  method: string;
  options: Record<string, number | string>;
  licence: string;
  images: ManifestEntry[];
}

function byName(labels: ClassLabel[], name: string): ClassLabel {
  const found = labels.find((l) => l.name === name);
  if (found === undefined) throw new Error(`class "${name}" is not in the model's labels`);
  return found;
}

function makePlan(set: 'eval' | 'fixtures', labels: ClassLabel[]): PlanItem[] {
  const item = (l: ClassLabel, seed: number, group: PlanItem['group']): PlanItem => ({
    targetClass: l.index,
    name: l.name,
    wnid: l.wnid,
    seed,
    group,
  });
  if (set === 'fixtures') return FIXTURES.map((n) => item(byName(labels, n), 1, 'fixture'));
  const plan: PlanItem[] = [];
  for (const n of PETS) for (const seed of [1, 2, 3]) plan.push(item(byName(labels, n), seed, 'pet'));
  for (const seed of [1, 2, 3, 4, 5, 6]) plan.push(item(byName(labels, 'daisy'), seed, 'daisy'));
  for (const n of ['tiger shark', 'wine bottle']) {
    for (const seed of [1, 2, 3]) plan.push(item(byName(labels, n), seed, 'imagenet4'));
  }
  // 57 other classes, a seeded shuffle of the rest, so the set totals 126.
  const taken = new Set(plan.map((p) => p.targetClass));
  const rest = labels.filter((l) => !taken.has(l.index));
  const random = seededRandom(2015);
  for (let i = rest.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [rest[i], rest[j]] = [rest[j], rest[i]];
  }
  for (const l of rest.slice(0, 57)) plan.push(item(l, 1, 'other'));
  return plan;
}

function fileName(p: PlanItem): string {
  return foolingFileName({ index: p.targetClass, name: p.name, wnid: p.wnid }, p.seed);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      set: { type: 'string', default: 'eval' },
      out: { type: 'string' },
      model: { type: 'string', default: 'darknet-tiny' },
      limit: { type: 'string' },
      'max-steps': { type: 'string', default: '200' },
      attempts: { type: 'string', default: '3' },
    },
  });
  const set = values.set === 'fixtures' ? 'fixtures' : values.set === 'eval' ? 'eval' : undefined;
  if (set === undefined) throw new Error(`--set must be "eval" or "fixtures", got "${values.set}"`);
  const out =
    values.out ??
    (set === 'eval'
      ? path.join(repoRoot, 'tmp/eval-cache/fooling')
      : path.join(repoRoot, 'libs/extractors/tests/fixtures/fooling'));
  const maxSteps = Number(values['max-steps']);
  const maxAttempts = Number(values.attempts);
  await mkdir(out, { recursive: true });

  registerWasmGradients();
  const backend = await selectBackend('wasm', (line) => console.log(line));
  const descriptor = getModel(values.model);
  const labels = await descriptor.labels();
  const model = await descriptor.load();
  let plan = makePlan(set, labels);
  if (values.limit !== undefined) plan = plan.slice(0, Number(values.limit));

  const manifestPath = path.join(out, 'manifest.json');
  const manifest: Manifest = existsSync(manifestPath)
    ? (JSON.parse(await readFile(manifestPath, 'utf8')) as Manifest)
    : {
        model: descriptor.name,
        method:
          'synthesizeFoolingImage: log-softmax gradient ascent from seeded noise, jitter 1 px, 3×3 blur every 4 steps; ' +
          `confidence = softmax of the target on the saved PNG re-read; backend ${backend.kind}`,
        options: {
          maxSteps,
          stepSize: 0.01,
          blurEvery: 4,
          blurSigma: 0.5,
          jitter: 1,
          noise: 0.2,
          targetConfidence: 0.99,
        },
        licence: 'Generated by the ClusterFlow project; MIT',
        images: [],
      };
  const done = new Map(manifest.images.map((e) => [e.file, e]));
  const save = async (): Promise<void> => {
    manifest.images = plan
      .map((p) => done.get(fileName(p)))
      .filter((e): e is ManifestEntry => e !== undefined);
    await writeFile(`${manifestPath}.tmp`, `${JSON.stringify(manifest, null, 2)}\n`);
    await rename(`${manifestPath}.tmp`, manifestPath);
  };

  let made = 0;
  for (const [i, p] of plan.entries()) {
    const file = fileName(p);
    if (done.has(file) && existsSync(path.join(out, file))) continue;
    const t0 = Date.now();
    let attempt = 0;
    let result;
    do {
      result = await synthesizeFoolingImage(model, {
        targetClass: p.targetClass,
        seed: p.seed + RETRY_STRIDE * attempt,
        maxSteps,
        normalisation: descriptor.normalisation,
        outputKind: descriptor.outputKind,
      });
      attempt++;
    } while (!result.converged && attempt < maxAttempts);
    const ms = Date.now() - t0;
    await writeFile(path.join(out, file), result.png);
    done.set(file, {
      ...p,
      seed: result.seed,
      file,
      confidence: result.confidence,
      topClass: result.topClass,
      steps: result.steps,
      converged: result.converged,
      ms,
      attempts: attempt,
    });
    await save();
    made++;
    console.log(
      `[${i + 1}/${plan.length}] ${file}: ${(result.confidence * 100).toFixed(2)} % after ${result.steps} steps` +
        `${attempt > 1 ? ` (attempt ${attempt}, seed ${result.seed})` : ''}, ${(ms / 1000).toFixed(1)} s`,
    );
  }
  await save();
  const images = manifest.images;
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  console.log(
    `${images.length} images in ${out} (${made} new): ${images.filter((e) => e.converged).length} reached the target; ` +
      `mean ${mean(images.map((e) => e.steps)).toFixed(1)} steps, ${(mean(images.map((e) => e.ms)) / 1000).toFixed(1)} s per image`,
  );
  model.dispose();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
