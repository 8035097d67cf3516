import type { Rng } from '@clusterflow/clusterflow';

/** Glorot/Xavier-uniform [fanIn, fanOut] weights, U(±√(6 / (fanIn + fanOut))), drawn from a seeded generator. */
export function glorotUniform(fanIn: number, fanOut: number, rng: Rng): Float32Array {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const w = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < w.length; i++) w[i] = (rng.next() * 2 - 1) * limit;
  return w;
}
