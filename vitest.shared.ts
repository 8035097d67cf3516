import { fileURLToPath } from 'node:url';

const lib = (name: string): string => fileURLToPath(new URL(`./libs/${name}/src/index.ts`, import.meta.url));

/** Lets tests import sibling libs from source (same mapping as tsconfig.base.json paths). */
export const workspaceAliases: Record<string, string> = {
  '@clusterflow/clusterflow': lib('clusterflow'),
  '@clusterflow/extractors': lib('extractors'),
  '@clusterflow/reasoning': lib('reasoning'),
  '@clusterflow/deep-clustering': lib('deep-clustering'),
};
