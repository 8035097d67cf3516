import { copyFile, mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractFolder, type FolderProgress } from '../src/batch/extract-folder.js';
import { listFolderImages } from '../src/batch/list-folder-images.js';
import { createExtractor, type Extractor } from '../src/extractor.js';
import { readActivationTable } from '../src/table/activation-table.js';

const flowers = new URL('../../../../shared/data/images/flowers/', import.meta.url).pathname;

let extractor: Extractor;
let root: string;

beforeAll(async () => {
  extractor = await createExtractor();
  root = await mkdtemp(path.join(os.tmpdir(), 'folder-'));
  for (const kind of ['daisy', 'rose']) {
    await mkdir(path.join(root, 'photos', kind), { recursive: true });
    const names = (await readdir(path.join(flowers, kind))).sort().slice(0, 3);
    for (const name of names)
      await copyFile(path.join(flowers, kind, name), path.join(root, 'photos', kind, name));
  }
  await writeFile(path.join(root, 'photos', 'rose', 'broken.jpg'), 'not a jpeg');
  await writeFile(path.join(root, 'photos', 'notes.txt'), 'ignored: not an image extension');
});
afterAll(() => extractor.dispose());

describe('listFolderImages', () => {
  it('labels a class/image tree by folder name, sorted by id, images only', async () => {
    const images = await listFolderImages(path.join(root, 'photos'));
    expect(images.map((i) => i.id)).toHaveLength(7);
    expect(images.map((i) => i.labels[0])).toEqual([
      'daisy',
      'daisy',
      'daisy',
      'rose',
      'rose',
      'rose',
      'rose',
    ]);
    expect(images.map((i) => i.id)).toEqual([...images.map((i) => i.id)].sort());
    expect(images.find((i) => i.id === 'rose/broken.jpg')?.labels).toEqual(['rose']);
  });
});

describe('extractFolder', () => {
  it('writes a table of every decodable image, reports skips and progress with rate and ETA', async () => {
    const output = path.join(root, 'full.arrow');
    const progress: FolderProgress[] = [];
    const { table, skipped, resumed } = await extractFolder(extractor, path.join(root, 'photos'), {
      output,
      batchSize: 4,
      onProgress: (p) => progress.push(p),
    });
    expect(resumed).toBe(0);
    expect(skipped).toEqual([expect.objectContaining({ id: 'rose/broken.jpg', code: 'NOT_AN_IMAGE' })]);
    expect([table.rows, table.cols, table.tap, table.model]).toEqual([6, 1000, 'classSpace', 'darknet-tiny']);
    const onDisk = await readActivationTable(output);
    expect(onDisk.ids).toEqual(table.ids);
    expect(onDisk.labelSets).toEqual([['daisy'], ['daisy'], ['daisy'], ['rose'], ['rose'], ['rose']]);
    expect(Buffer.from(onDisk.data.buffer).equals(Buffer.from(table.data.buffer))).toBe(true);
    const last = progress[progress.length - 1];
    expect(last).toMatchObject({ done: 6, total: 7, skipped: 1, etaSeconds: 0 });
    expect(last.rate).toBeGreaterThan(0);
    expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b));
    // Each row is the same vector a direct extraction gives.
    const direct = await extractor.extract([path.join(root, 'photos', onDisk.ids[4])]);
    for (let c = 0; c < 1000; c += 50)
      expect(onDisk.data[4 * 1000 + c]).toBeCloseTo(direct['classSpace'].data[c], 4);
  });

  it('resumes from its checkpoint after an interruption and skips the finished images', async () => {
    const output = path.join(root, 'resumed.arrow');
    const interrupted = await extractFolder(extractor, path.join(root, 'photos'), {
      output,
      batchSize: 2,
      checkpointEvery: 2,
      onProgress: (p) => {
        if (p.done >= 4) throw new Error('simulated crash');
      },
    }).catch((e: unknown) => e);
    expect((interrupted as Error).message).toBe('simulated crash');
    const chunks = (await readdir(`${output}.partial`)).filter((n) => n.endsWith('.arrow'));
    expect(chunks.length).toBeGreaterThanOrEqual(1);

    const seen: number[] = [];
    const { table, resumed } = await extractFolder(extractor, path.join(root, 'photos'), {
      output,
      batchSize: 2,
      onProgress: (p) => seen.push(p.done),
    });
    expect(resumed).toBeGreaterThanOrEqual(2);
    expect(seen[0]).toBe(resumed);
    const full = await readActivationTable(path.join(root, 'full.arrow'));
    expect(table.ids).toEqual(full.ids);
    for (let i = 0; i < full.data.length; i += 97) expect(table.data[i]).toBeCloseTo(full.data[i], 4);
    await expect(readdir(`${output}.partial`)).rejects.toThrow();
  });

  it('extracts a named layer tap and records it in the table', async () => {
    const output = path.join(root, 'pen.arrow');
    const { table } = await extractFolder(extractor, path.join(root, 'photos', 'daisy'), {
      output,
      tap: 'penultimate',
    });
    expect([table.rows, table.cols, table.tap]).toEqual([3, 128, 'penultimate']);
    expect(table.labelSets).toEqual([[], [], []]);
  });
});
