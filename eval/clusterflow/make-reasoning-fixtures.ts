/**
 * Extracts the small real activation set @clusterflow/reasoning's unit tests use (run once; output committed to
 * libs/reasoning/tests/fixtures/darknet-activations.json; it lives here because the reasoning library does not
 * depend on the extractors):
 *   npx tsx eval/clusterflow/make-reasoning-fixtures.ts
 * Photos: the 14 imagenet4 photos, 6 daisies + 6 roses from the flowers set, 6 cats + 6 dogs from the pets set
 * (first files in name order) and the 6 fooling fixtures of libs/extractors. Model darknet-tiny, taps classSpace
 * (1000 logits), leaky_re_lu_15 (GAP, 128-d) and leaky_re_lu_14 (GAP, 512-d, the gateway's default world tap). Vectors are stored as base64 little-endian float32.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createExtractor, type TapSpec } from '@clusterflow/extractors';
import { REPO_ROOT } from '../repo-root.js';
import { DEFAULT_DATA_ROOT } from './lib/experiment-config.js';

const data = DEFAULT_DATA_ROOT;
const fooling = path.join(REPO_ROOT, 'libs/extractors/tests/fixtures/fooling');
// Ids as committed: photos relative to the shared data folder, fooling fixtures relative to the repository.
const idOf = (file: string): string =>
  file.startsWith(REPO_ROOT) ? path.relative(REPO_ROOT, file) : path.relative(path.dirname(data), file);
const pick = (dir: string, n: number): string[] =>
  readdirSync(dir)
    .filter((f) => /\.(jpe?g|png)$/i.test(f))
    .sort()
    .slice(0, n)
    .map((f) => path.join(dir, f));
const items: Array<{ file: string; label: string; group: string }> = [];
for (const cls of ['tiger_shark', 'tabby', 'daisy', 'wine_bottle'])
  for (const f of pick(path.join(data, 'imagenet4', cls), 10))
    items.push({ file: f, label: cls, group: 'imagenet4' });
for (const cls of ['daisy', 'rose'])
  for (const f of pick(path.join(data, 'flowers', cls), 6))
    items.push({ file: f, label: cls, group: 'flowers' });
for (const cls of ['cat', 'dog'])
  for (const f of pick(path.join(data, 'pets', cls), 6)) items.push({ file: f, label: cls, group: 'pets' });
const manifest = JSON.parse(readFileSync(path.join(fooling, 'manifest.json'), 'utf8')) as {
  images: Array<{ file: string; name: string }>;
};
for (const m of manifest.images)
  items.push({ file: path.join(fooling, m.file), label: `fooling:${m.name}`, group: 'fooling' });

const extractor = await createExtractor({ model: 'darknet-tiny', backend: 'wasm' });
const taps: TapSpec[] = [
  'classSpace',
  { layer: 'leaky_re_lu_15', pooling: 'gap' },
  { layer: 'leaky_re_lu_14', pooling: 'gap' },
];
const out = await extractor.extract(
  items.map((i) => i.file),
  { taps },
);
extractor.dispose();
const enc = (a: Float32Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
const json = {
  model: 'darknet-tiny',
  createdBy: 'eval/clusterflow/make-reasoning-fixtures.ts',
  ids: items.map((i) => idOf(i.file)),
  labels: items.map((i) => i.label),
  groups: items.map((i) => i.group),
  taps: Object.fromEntries(
    Object.entries(out).map(([k, m]) => [k, { rows: m.rows, cols: m.cols, data: enc(m.data) }]),
  ),
};
writeFileSync(
  path.join(REPO_ROOT, 'libs/reasoning/tests/fixtures/darknet-activations.json'),
  `${JSON.stringify(json)}\n`,
);
console.log(`wrote ${items.length} rows: ${Object.keys(json.taps).join(', ')}`);
