import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { workspaceAliases } from '../../vitest.shared.js';

// type-graphql and our code must share one copy of graphql ("another module or realm" otherwise).
const graphqlEntry = fileURLToPath(new URL('../../node_modules/graphql/index.js', import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      ...Object.entries(workspaceAliases).map(([find, replacement]) => ({ find, replacement })),
      { find: /^graphql$/, replacement: graphqlEntry },
    ],
  },
  test: {
    include: ['tests/**/*.test.ts'],
    setupFiles: ['reflect-metadata'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Each file starts a gateway with its own CNN: one at a time on a 2-core machine.
    fileParallelism: false,
  },
});
