import { topIndices } from '@clusterflow/extractors';
import type { ClassLabelInfo, ClassRow } from '../extractor/extractor.service.js';
import type { ClassScore } from './classification.type.js';

/** The `k` most probable classes of one row (the extractors' `topIndices` over its softmax) as schema scores. */
export function topClasses(row: ClassRow, labels: readonly ClassLabelInfo[], k: number): ClassScore[] {
  return topIndices(row.softmax, k).map((index) => ({
    index,
    wnid: labels[index]?.wnid ?? '',
    name: labels[index]?.name ?? String(index),
    probability: row.softmax[index],
    logit: row.classSpace[index],
  }));
}
