import nx from '@nx/eslint-plugin';

export default [
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/.nx/**',
      '**/tmp/**',
      '**/vite.config.*.timestamp*',
      '**/vitest.config.*.timestamp*',
      'bench/results/**',
    ],
  },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.mjs'],
    rules: {
      // Dependency direction (docs/ARCHITECTURE.md, "Which lib may import which"): clusterflow <- reasoning;
      // extractors alone; deep-clustering -> clusterflow, extractors; gateway -> reasoning, extractors, clusterflow;
      // eval (a tool, never imported) -> every lib.
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: ['^(\\.\\./)+vitest\\.shared\\.js$', '^(\\.\\./)+test-support/.+\\.js$'],
          depConstraints: [
            { sourceTag: 'scope:clusterflow', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'scope:extractors', onlyDependOnLibsWithTags: [] },
            {
              sourceTag: 'scope:deep-clustering',
              onlyDependOnLibsWithTags: ['scope:clusterflow', 'scope:extractors'],
            },
            {
              sourceTag: 'scope:reasoning',
              onlyDependOnLibsWithTags: ['scope:clusterflow'],
            },
            {
              // The gateway keeps clusterflow for its 2-D maps (fitPca / transformPca) and the seeded Rng that
              // UMAP and the asymmetry split draw from; the rest of the domain logic comes from reasoning and extractors.
              sourceTag: 'scope:gateway',
              onlyDependOnLibsWithTags: ['scope:reasoning', 'scope:extractors', 'scope:clusterflow'],
            },
            { sourceTag: 'scope:playground', onlyDependOnLibsWithTags: [] },
            {
              sourceTag: 'scope:eval',
              onlyDependOnLibsWithTags: [
                'scope:clusterflow',
                'scope:extractors',
                'scope:reasoning',
                'scope:deep-clustering',
              ],
            },
            { sourceTag: 'type:tool', notDependOnLibsWithTags: ['type:app', 'type:tool'] },
            { sourceTag: 'type:app', notDependOnLibsWithTags: ['type:app', 'type:tool'] },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
];
