import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { tableFromIPC, FixedSizeList } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import {
  ACTIVATION_TABLE_FORMAT,
  readActivationTable,
  readActivationTableBatches,
  writeActivationTable,
  type ActivationTable,
} from '../src/table/activation-table.js';
import { ExtractorError } from '../src/errors/extractor-error.js';

const sample = (): ActivationTable => ({
  ids: ['cat/1.jpg', 'dog/2.jpg', 'x.jpg'],
  files: ['/data/cat/1.jpg', '/data/dog/2.jpg', '/data/x.jpg'],
  labelSets: [['cat'], ['dog', 'pet'], []],
  data: Float32Array.from([0.5, -1, 2, 3.25, -0, 1e-7, 7, 8, Number.NaN, 9, 10, -11].slice(0, 12)),
  rows: 3,
  cols: 4,
  model: 'darknet-tiny',
  tap: 'classSpace',
  createdAt: '2026-11-28T10:00:00.000Z',
});

describe('activation table (Arrow IPC / Feather v2)', () => {
  it('round-trips ids, files, label sets, every float (NaN too) and the metadata', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'acts-'));
    const file = path.join(dir, 't.arrow');
    await writeActivationTable(file, sample());
    const back = await readActivationTable(file);
    expect(back).toMatchObject({
      ids: sample().ids,
      files: sample().files,
      labelSets: sample().labelSets,
      rows: 3,
      cols: 4,
      model: 'darknet-tiny',
      tap: 'classSpace',
      createdAt: '2026-11-28T10:00:00.000Z',
    });
    expect(Buffer.from(back.data.buffer).equals(Buffer.from(sample().data.buffer))).toBe(true);
  });

  it('is a standard Arrow file: magic bytes, column types and schema metadata as documented', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'acts-'));
    const file = path.join(dir, 't.arrow');
    await writeActivationTable(file, sample());
    const bytes = await readFile(file);
    expect(bytes.subarray(0, 6).toString('latin1')).toBe('ARROW1');
    expect(bytes.subarray(bytes.length - 6).toString('latin1')).toBe('ARROW1');
    const arrow = tableFromIPC(bytes);
    expect(arrow.schema.fields.map((f) => `${f.name}:${String(f.type)}`)).toEqual([
      'id:Utf8',
      'file:Utf8',
      'labels:List<Utf8>',
      'classSpace:FixedSizeList[4]<Float32>',
    ]);
    expect((arrow.getChild('classSpace')?.type as FixedSizeList).listSize).toBe(4);
    expect(arrow.schema.metadata.get('format')).toBe(ACTIVATION_TABLE_FORMAT);
    expect(arrow.schema.metadata.get('model')).toBe('darknet-tiny');
    expect(arrow.getChild('classSpace')?.get(1)?.toArray()).toEqual(Float32Array.from([-0, 1e-7, 7, 8]));
  });

  it('an empty table (0 rows) round-trips', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'acts-'));
    const file = path.join(dir, 'empty.arrow');
    await writeActivationTable(file, {
      ...sample(),
      ids: [],
      files: [],
      labelSets: [],
      data: new Float32Array(0),
      rows: 0,
    });
    const back = await readActivationTable(file);
    expect([back.rows, back.cols, back.data.length]).toEqual([0, 4, 0]);
  });

  it('rejects inconsistent tables and foreign files with typed errors', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'acts-'));
    const bad = { ...sample(), data: new Float32Array(11) };
    const error = await writeActivationTable(path.join(dir, 'bad.arrow'), bad).catch((e: unknown) => e);
    expect((error as ExtractorError).code).toBe('INVALID_ARGUMENT');
    expect((error as ExtractorError).message).toMatch(/data has 11 values, rows×cols = 12/);
    await writeFile(path.join(dir, 'text.arrow'), 'hello');
    const foreign = await readActivationTable(path.join(dir, 'text.arrow')).catch((e: unknown) => e);
    expect((foreign as ExtractorError).code).toBe('TABLE_FORMAT');
  });

  it('writes record batches of batchRows rows and streams them back one at a time', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'acts-'));
    const file = path.join(dir, 'big.arrow');
    const rows = 10;
    const cols = 3;
    const table: ActivationTable = {
      ids: Array.from({ length: rows }, (_, i) => `img-${i}`),
      files: Array.from({ length: rows }, (_, i) => `/x/${i}.jpg`),
      labelSets: Array.from({ length: rows }, (_, i) => (i % 2 === 0 ? ['even'] : ['odd', 'x'])),
      data: Float32Array.from({ length: rows * cols }, (_, i) => i / 4),
      rows,
      cols,
      model: 'm',
      tap: 'penultimate',
    };
    await writeActivationTable(file, table, { batchRows: 4 });
    expect(tableFromIPC(await readFile(file)).batches.map((b) => b.numRows)).toEqual([4, 4, 2]);
    const whole = await readActivationTable(file);
    expect(whole.ids).toEqual(table.ids);
    expect(whole.labelSets).toEqual(table.labelSets);
    expect(Array.from(whole.data)).toEqual(Array.from(table.data));
    const parts: ActivationTable[] = [];
    for await (const part of readActivationTableBatches(file)) parts.push(part);
    expect(parts.map((p) => p.rows)).toEqual([4, 4, 2]);
    expect(parts[1].ids).toEqual(['img-4', 'img-5', 'img-6', 'img-7']);
    expect(parts[2].labelSets).toEqual([['even'], ['odd', 'x']]);
    expect(Array.from(parts[2].data)).toEqual(Array.from(table.data.subarray(8 * cols)));
    expect(parts.every((p) => p.tap === 'penultimate' && p.model === 'm' && p.cols === cols)).toBe(true);
  });
});
