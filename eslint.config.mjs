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
      // Dependency direction from DESIGN.md: clusterflow <- reasoning -> extractors; gateway -> reasoning, extractors.
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: ['^\\.\\./\\.\\./vitest\\.shared\\.js$'],
          depConstraints: [
            { sourceTag: 'scope:clusterflow', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'scope:extractors', onlyDependOnLibsWithTags: [] },
            {
              sourceTag: 'scope:deep-clustering',
              onlyDependOnLibsWithTags: ['scope:clusterflow', 'scope:extractors'],
            },
            {
              sourceTag: 'scope:reasoning',
              onlyDependOnLibsWithTags: ['scope:clusterflow', 'scope:extractors'],
            },
            {
              // The gateway keeps clusterflow for its 2-D maps (fitPca / transformPca) and the seeded Rng that
              // UMAP and the asymmetry split draw from; the rest of the domain logic comes from reasoning and extractors.
              sourceTag: 'scope:gateway',
              onlyDependOnLibsWithTags: ['scope:reasoning', 'scope:extractors', 'scope:clusterflow'],
            },
            { sourceTag: 'scope:playground', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:app', notDependOnLibsWithTags: ['type:app'] },
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
