import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTap } from '../src/taps/parse-tap.js';
import { buildProgram, runProgram } from '../src/cli/program.js';
import { readActivationTable } from '../src/table/activation-table.js';

const fixture = (name: string): string => new URL(`./fixtures/${name}`, import.meta.url).pathname;
const imagenet4 = new URL('../../../../shared/data/images/imagenet4/', import.meta.url).pathname;

describe('parseTap', () => {
  it('reads roles, layers and layer:pooling; rejects anything else', () => {
    expect(parseTap('classSpace')).toBe('classSpace');
    expect(parseTap('leaky_re_lu_14')).toEqual({ layer: 'leaky_re_lu_14' });
    expect(parseTap('leaky_re_lu_14:flatten')).toEqual({ layer: 'leaky_re_lu_14', pooling: 'flatten' });
    expect(() => parseTap('conv:max')).toThrow(/<layer>:gap or <layer>:flatten/);
  });
});

describe('clusterflow-extract', () => {
  it('classify prints the top k classes', async () => {
    const out: string[] = [];
    const code = await runProgram(buildProgram({ write: (t) => out.push(t) }), [
      'node',
      'cli',
      'classify',
      fixture('china.jpg'),
      '--top',
      '3',
    ]);
    expect(code).toBe(0);
    expect(out).toHaveLength(3);
    expect(out[0]).toMatch(/^1\. palace \(n03877845, #684\)/);
  });

  it('extract writes a labelled table from a class/image tree', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cli-'));
    const output = path.join(dir, 'i4.arrow');
    const out: string[] = [];
    const program = buildProgram({ write: (t) => out.push(t), progressBar: false });
    await runProgram(program, ['node', 'cli', 'extract', imagenet4, '-o', output, '--tap', 'classSpace']);
    const table = await readActivationTable(output);
    expect(table.rows).toBe(14);
    expect(new Set(table.labelSets.map((l) => l[0]))).toEqual(
      new Set(['daisy', 'tabby', 'tiger_shark', 'wine_bottle']),
    );
    expect(out[0]).toMatch(/14 rows × 1000 \(darknet-tiny, classSpace\)/);
  });

  it('a typed error becomes one line and exit code 1; registrars add subcommands', async () => {
    const added: string[] = [];
    const program = buildProgram({
      write: () => undefined,
      registrars: [(p) => void p.command('fool').action(() => void added.push('fool ran'))],
    });
    expect(await runProgram(program, ['node', 'cli', 'fool'])).toBe(0);
    expect(added).toEqual(['fool ran']);
    const failing = buildProgram({ write: () => undefined });
    expect(await runProgram(failing, ['node', 'cli', 'classify', fixture('README.md')])).toBe(1);
  });
});
