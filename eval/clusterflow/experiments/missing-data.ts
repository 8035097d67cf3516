import { readFileSync } from 'node:fs';
import {
  buildTree,
  detK,
  normalizedMutualInformation,
  purity,
  type ClusterNode,
} from '@clusterflow/clusterflow';
import { readCsv } from '../../../test-support/read-csv.js';

export interface MissingDataResult {
  file: string;
  rows: number;
  propertyColumns: number;
  missingCells: number;
  completeRows: number;
  labelColumn: string;
  clusterflow: {
    rowsClustered: number;
    inWorld: number;
    leaves: number;
    maxDepth: number;
    pureLeaves: number;
    nmi: number;
    purity: number;
  };
  kmeans: { rowsClustered: number; k: number; nmi: number; purity: number };
}

/**
 * Paper §4.1 on the shared solvents table: ClusterFlow with partial-dimensional boxes clusters every row (NaN =
 * missing), k-means (detK) only the complete rows. Columns are z-scored on their known values first; the labels
 * are the functional groups. Leaf assignment = the deepest node each row ends in.
 */
export function runMissingData(file: string): MissingDataResult {
  const [header, ...records] = readCsv(readFileSync(file, 'utf8'));
  const cols = Array.from({ length: 21 }, (_, j) => 3 + j);
  const labelCol = header.indexOf('Functional Group');
  const n = records.length;
  const d = cols.length;
  const data = new Float64Array(n * d);
  let missing = 0;
  records.forEach((r, i) =>
    cols.forEach((c, j) => {
      const v = r[c]?.trim() === '' || r[c] === undefined ? NaN : Number(r[c]);
      if (Number.isNaN(v)) missing++;
      data[i * d + j] = v;
    }),
  );
  for (let j = 0; j < d; j++) {
    let s = 0;
    let s2 = 0;
    let k = 0;
    for (let i = 0; i < n; i++) {
      const v = data[i * d + j];
      if (!Number.isNaN(v)) {
        s += v;
        s2 += v * v;
        k++;
      }
    }
    const mean = s / k;
    const sd = Math.sqrt(Math.max(s2 / k - mean * mean, 1e-12));
    for (let i = 0; i < n; i++) data[i * d + j] = (data[i * d + j] - mean) / sd;
  }
  const labels = records.map((r) => [r[labelCol].trim() || 'unknown']);
  const tree = buildTree({ data, rows: n, cols: d }, labels, { boxKind: 'partial', seed: 0 });
  const leafOf = new Int32Array(n).fill(-1);
  const depthOf = new Int32Array(n).fill(-1);
  let maxDepth = 0;
  let leaves = 0;
  let pureLeaves = 0;
  for (const node of tree.nodes() as readonly ClusterNode[]) {
    maxDepth = Math.max(maxDepth, node.depth);
    if (node.children.length === 0) {
      leaves++;
      if (node.kind === 'pure') pureLeaves++;
    }
    for (const m of node.members)
      if (node.depth > depthOf[m]) {
        depthOf[m] = node.depth;
        leafOf[m] = node.id;
      }
  }
  let inWorld = 0;
  for (let i = 0; i < n; i++) if (tree.membership(data, undefined, i * d).inWorld) inWorld++;
  const clustered = Array.from(leafOf).filter((x) => x >= 0).length;
  const truth = labels.map((l) => l[0]);
  const complete: number[] = [];
  for (let i = 0; i < n; i++) {
    let ok = true;
    for (let j = 0; j < d; j++) if (Number.isNaN(data[i * d + j])) ok = false;
    if (ok) complete.push(i);
  }
  const cd = new Float64Array(complete.length * d);
  complete.forEach((i, r) => cd.set(data.subarray(i * d, (i + 1) * d), r * d));
  const km = detK({ data: cd, rows: complete.length, cols: d }, { seed: 0, maxK: 10 });
  const kmTruth = complete.map((i) => truth[i]);
  return {
    file,
    rows: n,
    propertyColumns: d,
    missingCells: missing,
    completeRows: complete.length,
    labelColumn: 'Functional Group',
    clusterflow: {
      rowsClustered: clustered,
      inWorld,
      leaves,
      maxDepth,
      pureLeaves,
      nmi: normalizedMutualInformation(truth, Array.from(leafOf)),
      purity: purity(truth, Array.from(leafOf)),
    },
    kmeans: {
      rowsClustered: complete.length,
      k: km.k,
      nmi: normalizedMutualInformation(kmTruth, km.assignments),
      purity: purity(kmTruth, km.assignments),
    },
  };
}
