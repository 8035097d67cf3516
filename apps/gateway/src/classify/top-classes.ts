import type { ClassLabelInfo, ClassRow } from '../extractor/extractor.service.js';
import type { ClassScore } from './classification.type.js';

/** The `k` most probable classes of one row, most probable first (ties: lower index first). */
export function topClasses(row: ClassRow, labels: readonly ClassLabelInfo[], k: number): ClassScore[] {
  const order = Array.from(row.softmax.keys());
  order.sort((a, b) => row.softmax[b] - row.softmax[a] || a - b);
  return order.slice(0, k).map((index) => ({
    index,
    wnid: labels[index]?.wnid ?? '',
    name: labels[index]?.name ?? String(index),
    probability: row.softmax[index],
    logit: row.classSpace[index],
  }));
}
