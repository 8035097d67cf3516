import type { MissingDataResult } from '../../experiments/missing-data.js';
import { f3 } from './format.js';

/** Paper §4.1: ClusterFlow's partial boxes against k-means on the solvent table with gaps. */
export function missingDataSection(m: MissingDataResult | null): string[] {
  const L: string[] = ['## Missing data (paper §4.1)', ''];
  if (!m) {
    L.push('Not run: the solvent table was not found (`EVAL_SOLVENTS`).', '');
    return L;
  }
  L.push(
    `\`${m.file.replace(/.*\/shared\/data\//, '')}\`: ${m.rows} solvents × ${m.propertyColumns} property columns (z-scored on known values), ${m.missingCells} missing cells, ${m.completeRows} complete rows; labels = ${m.labelColumn}.`,
    '',
    '| method | rows clustered | clusters | NMI vs functional group | purity |',
    '|---|---|---|---|---|',
    `| ClusterFlow, partial-dimensional boxes (labels used to build, as in the paper) | ${m.clusterflow.rowsClustered} (in world ${m.clusterflow.inWorld}) | ${m.clusterflow.leaves} leaves (${m.clusterflow.pureLeaves} pure), depth ${m.clusterflow.maxDepth} | ${f3(m.clusterflow.nmi)} | ${f3(m.clusterflow.purity)} |`,
    `| k-means (detK, K = ${m.kmeans.k}) on complete rows only | ${m.kmeans.rowsClustered} | ${m.kmeans.k} | ${f3(m.kmeans.nmi)} | ${f3(m.kmeans.purity)} |`,
    '',
    `ClusterFlow is semi-supervised (labels shape the tree), k-means is not: compare the coverage (${m.clusterflow.rowsClustered} vs ${m.kmeans.rowsClustered} rows), not the scores as like for like.`,
    '',
  );
  return L;
}
