import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const generator = fileURLToPath(new URL('../scripts/build-simd-kernels.mjs', import.meta.url));

describe('SIMD kernel binary', () => {
  it('is exactly what scripts/build-simd-kernels.mjs generates from its WebAssembly text', () => {
    const run = spawnSync(process.execPath, [generator, '--check'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/up to date \(\d+ bytes of wasm\)/);
  });
});
