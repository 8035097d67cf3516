import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

/** Every `src/` file's relative imports, as folder → folders it imports from (top-level folders of `src/`). */
function folderImports(): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
    );
  for (const file of walk(SRC)) {
    const from = path.relative(SRC, file).split(path.sep);
    if (from.length < 2) continue; // files at the root of src/ (main.ts) may import anything
    for (const match of readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)) {
      const to = path.relative(SRC, path.resolve(path.dirname(file), match[1])).split(path.sep);
      if (to.length < 2 || to[0] === from[0]) continue;
      if (!edges.has(from[0])) edges.set(from[0], new Set());
      edges.get(from[0])?.add(to[0]);
    }
  }
  return edges;
}

/** Folders on an import cycle (Tarjan's strongly connected components with more than one folder). */
function cycles(edges: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v) as number);
    stack.push(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string | undefined;
      do {
        w = stack.pop();
        if (w !== undefined) component.push(w);
      } while (w !== v && w !== undefined);
      if (component.length > 1) out.push(component.sort());
    }
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return out;
}

describe('source layout', () => {
  const edges = folderImports();

  it('finds the imports it checks (the walk reads real files)', () => {
    expect(edges.get('reasoning')).toContain('worlds');
    expect(edges.get('validation')).toContain('samples');
    expect(edges.get('samples')).toContain('images');
  });

  it('has no import cycle between the folders of src/ (each arrow one-way)', () => {
    expect(cycles(edges)).toEqual([]);
  });

  it('the cycle search sees a back-reference when there is one', () => {
    const withBack = new Map(edges);
    withBack.set('worlds', new Set([...(edges.get('worlds') ?? []), 'reasoning']));
    expect(cycles(withBack)).toContainEqual(['reasoning', 'worlds']);
  });
});
