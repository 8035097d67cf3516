import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildTree } from '../src/tree/build-tree.js';
import { kmeans } from '../src/seeding/kmeans.js';
import { selectRows } from '../src/point-matrix.js';
import { readCsv } from '../../../test-support/read-csv.js';

// The shared data's tables/SOURCE.md: 57 solvents; property columns 4–24 (1-based); labels CHEM21 and
// Functional Group; empty cell = missing; 33 rows complete.
const rows = readCsv(
  readFileSync(new URL('../../../../shared/data/tables/solvents.csv', import.meta.url), 'utf8'),
);
const header = rows[0];
const body = rows.slice(1);
const propCols = Array.from({ length: 21 }, (_, j) => 3 + j);
const groupCol = header.indexOf('Functional Group');
const chemCol = header.indexOf('CHEM21');

function table() {
  const n = body.length;
  const D = propCols.length;
  const data = new Float64Array(n * D);
  body.forEach((r, i) => propCols.forEach((c, j) => (data[i * D + j] = r[c] === '' ? NaN : Number(r[c]))));
  // Standardise each property on its known values (scales range from density ~1 to LD50 ~1000s).
  for (let j = 0; j < D; j++) {
    let s = 0;
    let c = 0;
    for (let i = 0; i < n; i++) {
      if (Number.isNaN(data[i * D + j])) continue;
      s += data[i * D + j];
      c++;
    }
    const mean = s / c;
    let v = 0;
    for (let i = 0; i < n; i++) if (!Number.isNaN(data[i * D + j])) v += (data[i * D + j] - mean) ** 2;
    const sd = Math.sqrt(v / c) || 1;
    for (let i = 0; i < n; i++) data[i * D + j] = (data[i * D + j] - mean) / sd;
  }
  const labels = body.map((r) => [`group:${r[groupCol]}`, `chem21:${r[chemCol]}`]);
  return { points: { data, rows: n, cols: D }, labels };
}

describe('missing data: solvents.csv (paper §3.1 / §4.1)', () => {
  const { points, labels } = table();

  it('reads 57 solvents × 21 properties with 90 empty cells, 33 complete rows', () => {
    expect(header[3]).toBe('Molecular Weight');
    expect(header[23]).toBe('IGC50');
    expect(points.rows).toBe(57);
    let missing = 0;
    for (const x of points.data) if (Number.isNaN(x)) missing++;
    expect(missing).toBe(90);
  });

  it("boxKind 'partial' clusters every row; plain k-means can only use the 33 complete rows", () => {
    const tree = buildTree(points, labels, { boxKind: 'partial', seed: 0 });
    const inLeaf = new Set<number>();
    for (const n of tree.nodes()) if (n.children.length === 0) for (const i of n.members) inLeaf.add(i);
    for (let i = 0; i < points.rows; i++) {
      expect(tree.membership(points.data, {}, i * points.cols).inWorld).toBe(true);
      expect(inLeaf.has(i)).toBe(true);
    }
    expect(inLeaf.size).toBe(57);
    // Multi-label rows (functional group + CHEM21 rating) resolve into pure clusters a few levels deep.
    const summary = tree.summary();
    expect(summary.nodes).toBeGreaterThan(20);
    expect(summary.maxDepth).toBeGreaterThanOrEqual(2);
    for (const n of tree.nodes()) if (n.children.length === 0) expect(n.kind).not.toBe('mixed');
    // Every row gets a guess, including rows with gaps, from the dimensions it does have.
    for (let i = 0; i < points.rows; i++) {
      expect(tree.guess(points.data, {}, i * points.cols).labels.length).toBeGreaterThan(0);
    }

    const complete: number[] = [];
    for (let i = 0; i < points.rows; i++) {
      let ok = true;
      for (let j = 0; j < points.cols; j++) if (Number.isNaN(points.data[i * points.cols + j])) ok = false;
      if (ok) complete.push(i);
    }
    expect(complete.length).toBe(33);
    const km = kmeans(selectRows(points, complete), { k: 3, seed: 1 });
    expect(km.assignments.length).toBe(33);
    expect(57 - km.assignments.length).toBe(24); // rows k-means never sees
  });
});
