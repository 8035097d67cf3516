import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProgram, runProgram } from '../src/cli/program.js';
import { registerFoolCommand } from '../src/cli/fool-command.js';
import { foolingFileName, type FoolManifestEntry } from '../src/fooling/fooling-manifest.js';
import { getModel } from '../src/model/model-registry.js';
import { resolveClass } from '../src/model/resolve-class.js';
import { isExtractorError } from '../src/errors/extractor-error.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('fool subcommand', () => {
  it('is mounted by the clusterflow-extract bin', () => {
    const cli = fileURLToPath(new URL('../src/cli/cli.ts', import.meta.url));
    const run = spawnSync(process.execPath, ['--import', 'tsx', cli, '--help'], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^ {2}extract \[options\] <folder>/m);
    expect(run.stdout).toMatch(/^ {2}fool \[options\]/m);
  });

  it('resolves classes by index or name and names files by class and seed', async () => {
    const labels = await getModel('darknet-tiny').labels();
    expect(resolveClass('173', labels).name).toBe('tabby');
    expect(resolveClass('Wine Bottle', labels).index).toBe(830);
    expect(resolveClass(' wine_bottle ', labels).index).toBe(830);
    expect(foolingFileName(resolveClass('wine bottle', labels), 7)).toBe('c830-wine-bottle-s7.png');
    const error = (() => {
      try {
        return resolveClass('unicorn', labels);
      } catch (e) {
        return e;
      }
    })();
    expect(isExtractorError(error, 'INVALID_ARGUMENT')).toBe(true);
  });

  it('writes the PNGs and a manifest whose entries reached the confidence', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'fool-'));
    dirs.push(out);
    const lines: string[] = [];
    const program = buildProgram({ registrars: [(p) => registerFoolCommand(p, (t) => lines.push(t))] });
    program.exitOverride();
    const argv = ['node', 'clusterflow-extract', 'fool', '--class', 'daisy', '--count', '1', '--seed', '1'];
    const code = await runProgram(program, [...argv, '-o', out, '--backend', 'wasm', '--confidence', '0.9']);
    expect(code).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['c356-daisy-s1.png', 'manifest.json']);
    const manifest = JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8')) as {
      model: string;
      images: FoolManifestEntry[];
    };
    expect(manifest.model).toBe('darknet-tiny');
    expect(manifest.images).toHaveLength(1);
    expect(manifest.images[0]).toMatchObject({
      file: 'c356-daisy-s1.png',
      targetClass: 356,
      seed: 1,
      converged: true,
    });
    expect(manifest.images[0].confidence).toBeGreaterThanOrEqual(0.9);
    expect(lines[0]).toMatch(/^c356-daisy-s1\.png: daisy 9\d\.\d\d % after \d+ steps/);
  });
});
