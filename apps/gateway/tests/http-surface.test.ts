import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, startTestGateway, type TestGateway } from './helpers/test-gateway.js';

let t: TestGateway;
const site = mkdtempSync(path.join(os.tmpdir(), 'cf-playground-'));

beforeAll(async () => {
  mkdirSync(path.join(site, 'assets'));
  writeFileSync(path.join(site, 'index.html'), '<!doctype html><title>ClusterFlow playground</title>');
  writeFileSync(path.join(site, 'assets', 'app.js'), 'console.log("playground");');
  writeFileSync(path.join(os.tmpdir(), 'cf-secret.txt'), 'outside the static root');
  t = await startTestGateway({ staticDir: site, production: true });
});

afterAll(async () => {
  await t.close();
  removeDir(t.dir);
  removeDir(site);
});

describe('static playground at /', () => {
  it('serves index.html at / and for client-side routes, files by path with their type', async () => {
    const root = await fetch(`${t.gateway.url}/`);
    expect(root.status).toBe(200);
    expect(root.headers.get('content-type')).toContain('text/html');
    expect(await root.text()).toContain('ClusterFlow playground');
    const route = await fetch(`${t.gateway.url}/worlds/demo`, { headers: { accept: 'text/html' } });
    expect(await route.text()).toContain('ClusterFlow playground');
    const js = await fetch(`${t.gateway.url}/assets/app.js`);
    expect(js.headers.get('content-type')).toContain('text/javascript');
    expect(await js.text()).toBe('console.log("playground");');
  });

  it('never serves files outside its folder and answers missing files with 404', async () => {
    for (const p of [
      '/../cf-secret.txt',
      '/%2e%2e/cf-secret.txt',
      '/assets/..%2f..%2fcf-secret.txt',
      '/missing.js',
    ]) {
      const res = await fetch(`${t.gateway.url}${p}`);
      expect(res.status, p).toBe(404);
      expect(await res.text()).not.toContain('outside the static root');
    }
  });
});

describe('production mode', () => {
  it('sends no stack traces and no field suggestions', async () => {
    const bad = await t.gql('{ classify(image: {}) { top { name } } }');
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0].extensions).not.toHaveProperty('stacktrace');
    const typo = await t.gql('{ helth { status } }');
    expect(typo.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(typo.errors?.[0].message).not.toMatch(/Did you mean/);
    expect(typo.errors?.[0].extensions).not.toHaveProperty('stacktrace');
  });
});
