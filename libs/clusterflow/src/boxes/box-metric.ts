import { InvalidInputError } from '../errors/clusterflow-error.js';
import type { BoxMetric } from './cluster-box.js';

const METRIC_CODE: Record<BoxMetric, number> = { l0: 0, l1: 1, l2: 2, linf: 3, mahalanobis: 4 };

/** Checks a metric name at the edge (typed error listing the allowed values); hot loops switch on the code. */
export function metricCode(metric: BoxMetric): number {
  const code = METRIC_CODE[metric];
  if (code === undefined) {
    throw new InvalidInputError(
      `metric must be one of ${Object.keys(METRIC_CODE).join(', ')}; got ${String(metric)}`,
    );
  }
  return code;
}

/** Combines per-dimension overshoots into a distance (code from `metricCode`). */
export function accumulate(code: number, acc: number, o: number, invSigma: number): number {
  switch (code) {
    case 0:
      return o > 0 ? acc + 1 : acc;
    case 1:
      return acc + o;
    case 2:
      return acc + o * o;
    case 3:
      return o > acc ? o : acc;
    default: {
      const z = o * invSigma;
      return acc + z * z;
    }
  }
}

/** Final step of `accumulate` (square roots for L2 / Mahalanobis). */
export function finishDistance(code: number, acc: number): number {
  return code === 2 || code === 4 ? Math.sqrt(acc) : acc;
}
