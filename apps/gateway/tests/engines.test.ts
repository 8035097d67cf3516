import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeDir } from './helpers/test-gateway.js';

const repo = path.resolve(import.meta.dirname, '../../..');
const script = path.join(repo, 'scripts', 'check-engines.mjs');

function check(dir?: string): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, dir === undefined ? [script] : [script, dir], { encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr };
}

/** A package.json promising `root` and a lock holding the package that made `npm ci` print EBADENGINE. */
function project(root: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cf-engines-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'x', engines: { node: root } }));
  const lock = {
    lockfileVersion: 3,
    packages: {
      '': { name: 'x' },
      'node_modules/tslib': { version: '2.8.1' },
      'node_modules/@graphql-tools/utils/node_modules/@whatwg-node/promise-helpers': {
        version: '2.0.2',
        engines: { node: '>=22.15.0' },
      },
      'node_modules/vite': { version: '8.3.8', engines: { node: '^20.19.0 || >=22.12.0' } },
    },
  };
  writeFileSync(path.join(dir, 'package-lock.json'), JSON.stringify(lock));
  return dir;
}
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

describe('engines check (npm ci prints no EBADENGINE)', () => {
  it("passes on this repository's package-lock.json", () => {
    const r = check();
    expect(r.out).toMatch(/locked packages accept Node/);
    expect(r.status).toBe(0);
  });

  it('names the package whose engines exclude the promised Node', () => {
    const r = check(project('>=20.19.0'));
    expect(r.status).toBe(1);
    expect(r.out).toContain('@whatwg-node/promise-helpers@2.0.2');
    expect(r.out).toContain('>=22.15.0');
    expect(r.out).not.toContain('vite@');
  });

  it('checks the oldest promised version: ">=20" is older than vite allows', () => {
    const r = check(project('>=20'));
    expect(r.status).toBe(1);
    expect(r.out).toContain('vite@8.3.8');
  });

  it('passes once the root promises only versions every package accepts', () => {
    expect(check(project('>=22.15.0')).status).toBe(0);
  });
});
