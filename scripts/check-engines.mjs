#!/usr/bin/env node
// Fails when a locked package's `engines.node` excludes a Node version the root `engines.node` promises — the
// condition under which `npm ci` prints EBADENGINE. Run by `npm test`; `node scripts/check-engines.mjs [dir]` checks
// the package.json + package-lock.json in `dir` (default: this repository).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';

/**
 * Every package in `lock` whose `engines.node` rejects the oldest Node the root range allows, or `current` (the
 * running Node) when it lies inside the root range. Packages without a Node engine are skipped.
 */
export function engineProblems(lock, rootRange, current = process.version) {
  const oldest = semver.minVersion(rootRange);
  if (oldest === null) throw new Error(`root engines.node "${rootRange}" matches no Node version`);
  const versions = [oldest.version];
  if (semver.satisfies(current, rootRange)) versions.push(semver.clean(current));
  const problems = [];
  for (const [key, entry] of Object.entries(lock.packages ?? {})) {
    const wanted = entry.engines?.node;
    if (key === '' || typeof wanted !== 'string') continue;
    for (const node of versions) {
      if (!semver.satisfies(node, wanted)) {
        const name = key.replace(/^.*node_modules\//, '');
        problems.push({ package: `${name}@${entry.version}`, path: key, wants: wanted, node });
      }
    }
  }
  return problems;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
  const rootRange = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).engines?.node;
  if (typeof rootRange !== 'string') {
    console.error('package.json has no engines.node; say which Node versions the project supports.');
    process.exit(1);
  }
  const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
  const problems = engineProblems(lock, rootRange);
  if (problems.length > 0) {
    console.error(`package.json promises Node ${rootRange}, but npm ci would print EBADENGINE for:`);
    for (const p of problems)
      console.error(`  ${p.package} (${p.path}) wants node ${p.wants}; ${p.node} is promised`);
    console.error(
      'Pin a version that supports the promised Node (package.json "overrides"), or raise engines.node.',
    );
    process.exit(1);
  }
  console.log(
    `engines: all ${Object.keys(lock.packages).length - 1} locked packages accept Node ${rootRange}`,
  );
}
