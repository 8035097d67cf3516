import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeActivationTable } from '@clusterflow/extractors';
import { loadMnist } from '../src/index.js';
import { buildProgram, runProgram } from '../src/cli/program.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ddc-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function cli(args: string[]): Promise<{ code: number; out: Record<string, unknown>; log: string[] }> {
  const outputs: string[] = [];
  const log: string[] = [];
  const program = buildProgram({
    write: (t) => outputs.push(t),
    log: (l) => log.push(l),
    progressBar: false,
  });
  program.exitOverride();
  const code = await runProgram(program, ['node', 'clusterflow-deep', ...args], (l) => log.push(l));
  return { code, out: outputs.length > 0 ? (JSON.parse(outputs[0]) as Record<string, unknown>) : {}, log };
}

const base = [
  '--data',
  'mnist',
  '--limit',
  '150',
  '--variant',
  'fc',
  '--batch-size',
  '50',
  '--learning-rate',
  '0.001',
];
const common = [...base, '--k', '3', '--assignments'];

describe('clusterflow-deep', () => {
  it('ddc: JSON result on stdout, one progress line per epoch, checkpoint and model in the folder', async () => {
    const ck = path.join(dir, 'one');
    const r = await cli(['ddc', ...common, '--epochs', '2', '--seed', '5', '--checkpoint-dir', ck]);
    expect(r.code).toBe(0);
    expect(r.out).toMatchObject({ command: 'ddc', data: 'mnist', rows: 150, k: 3, seed: 5 });
    expect((r.out.assignments as number[]).length).toBe(150);
    expect(typeof r.out.accuracy).toBe('number');
    expect(r.log.filter((l) => /seed 5 epoch \d\/2: loss [\d.]+, ACC [\d.]+ %/.test(l)).length).toBe(2);
    expect((await readdir(ck)).sort()).toEqual(['ddc-seed-5.ckpt', 'model-seed-5.ddc']);
  });

  it('--resume continues a stopped run to the same result as an uninterrupted one', async () => {
    const straight = await cli([
      'ddc',
      ...common,
      '--epochs',
      '3',
      '--seed',
      '2',
      '--checkpoint-dir',
      path.join(dir, 'a'),
    ]);
    const b = path.join(dir, 'b');
    await cli(['ddc', ...common, '--epochs', '2', '--seed', '2', '--checkpoint-dir', b]);
    const resumed = await cli([
      'ddc',
      ...common,
      '--epochs',
      '3',
      '--seed',
      '2',
      '--checkpoint-dir',
      b,
      '--resume',
    ]);
    expect(resumed.code).toBe(0);
    expect(resumed.out.assignments).toEqual(straight.out.assignments);
    expect(resumed.out.loss).toBe(straight.out.loss);
    expect((resumed.out.history as unknown[]).length).toBe(3);
    // Only epoch 3 was trained by the resumed process.
    expect(resumed.log.filter((l) => l.includes('epoch')).map((l) => l.match(/epoch (\d)/)?.[1])).toEqual([
      '3',
    ]);
  });

  it('n2d: checkpoint per autoencoder epoch; --resume gives the uninterrupted result', async () => {
    const n2d = ['n2d', '--data', 'mnist', '--limit', '120', '--k', '3', '--batch-size', '40'];
    const tiny = [...n2d, '--umap-neighbors', '10', '--umap-epochs', '50', '--seed', '4', '--assignments'];
    const straight = await cli([...tiny, '--epochs', '2', '--checkpoint-dir', path.join(dir, 'n2d-a')]);
    expect(straight.code).toBe(0);
    expect(straight.out).toMatchObject({ command: 'n2d', data: 'mnist', rows: 120, k: 3, seed: 4 });
    expect((straight.out.assignments as number[]).length).toBe(120);
    expect((await readdir(path.join(dir, 'n2d-a'))).sort()).toEqual(['model-seed-4.n2d', 'n2d-seed-4.ckpt']);
    const b = path.join(dir, 'n2d-b');
    await cli([...tiny, '--epochs', '1', '--checkpoint-dir', b]);
    const resumed = await cli([...tiny, '--epochs', '2', '--checkpoint-dir', b, '--resume']);
    expect(resumed.code).toBe(0);
    expect(resumed.out.assignments).toEqual(straight.out.assignments);
    expect(resumed.out.history).toHaveLength(2);
    expect(
      resumed.log.filter((l) => l.includes('autoencoder epoch')).map((l) => l.match(/epoch (\d)/)?.[1]),
    ).toEqual(['2']);
  });

  it('vote: several seeds, the lowest-loss ones vote', async () => {
    const r = await cli(['vote', ...common, '--epochs', '1', '--runs', '3', '--top', '2']);
    expect(r.code).toBe(0);
    expect((r.out.runs as unknown[]).length).toBe(3);
    expect((r.out.selectedSeeds as number[]).length).toBe(2);
  });

  it('deepcluster: NMI per round in the log and the JSON', async () => {
    const r = await cli([
      'deepcluster',
      '--data',
      'mnist',
      '--limit',
      '200',
      '--k',
      '5',
      '--epochs',
      '2',
      '--pca-dim',
      '8',
    ]);
    expect(r.code).toBe(0);
    expect((r.out.history as unknown[]).length).toBe(3);
    expect(r.log.filter((l) => /round \d: NMI vs previous/.test(l)).length).toBe(3);
  });

  it('reads an activation table', async () => {
    const d = await loadMnist({ subset: 'test', limit: 60 });
    const file = path.join(dir, 'acts.arrow');
    await writeActivationTable(file, {
      ids: Array.from({ length: 60 }, (_, i) => `img${i}`),
      files: Array.from({ length: 60 }, (_, i) => `img${i}.png`),
      labelSets: Array.from(d.labels, (l) => [`digit${l}`]),
      data: d.data,
      rows: 60,
      cols: 784,
      model: 'pixels',
      tap: 'raw',
    });
    const r = await cli(['ddc', '--data', file, '--k', '4', '--epochs', '1', '--batch-size', '30']);
    expect(r.code).toBe(0);
    expect(r.out).toMatchObject({ data: 'pixels:raw', rows: 60, k: 4 });
  });

  it('bad input: exit code 1 and a message naming the problem', async () => {
    const k1 = await cli(['ddc', ...base, '--k', '1', '--epochs', '1']);
    expect(k1.code).toBe(1);
    expect(k1.log.join('\n')).toMatch(/error \[BAD_K\]: k must be an integer ≥ 2, got 1/);
    const tooMany = await cli(['ddc', '--data', 'mnist', '--limit', '5', '--k', '10', '--epochs', '1']);
    expect(tooMany.log.join('\n')).toMatch(/error \[BAD_K\]: k = 10 exceeds the 5 rows/);
    const mm = path.join(dir, 'mismatch');
    await cli(['ddc', ...base, '--k', '3', '--epochs', '1', '--checkpoint-dir', mm]);
    const other = await cli([
      'ddc',
      ...base,
      '--k',
      '4',
      '--epochs',
      '2',
      '--checkpoint-dir',
      mm,
      '--resume',
    ]);
    expect(other.code).toBe(1);
    expect(other.log.join('\n')).toMatch(/CHECKPOINT_MISMATCH.*k is 3 there but 4 here/);
    const noDir = await cli(['ddc', ...common, '--resume']);
    expect(noDir.log.join('\n')).toMatch(/--resume needs --checkpoint-dir/);
  });
});
