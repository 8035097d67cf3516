import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { ensureBackend, SeededRng } from '../src/index.js';
import { ddcLoss } from '../src/ddc/ddc-loss.js';
import { createNetwork, disposeNetwork, forward, type DdcArchitecture } from '../src/ddc/ddc-network.js';

const conv: DdcArchitecture = {
  variant: 'conv',
  inputDim: 784,
  imageShape: [28, 28, 1],
  k: 4,
  hiddenUnits: [200, 200, 500],
  convFilters: [8, 16],
  convDenseUnits: 20,
};

function gradients(): Float32Array[] {
  const rng = SeededRng.fromSeed(11);
  const net = createNetwork(conv, rng);
  const x = Float32Array.from({ length: 12 * 784 }, () => (rng.next() < 0.3 ? rng.next() : 0));
  const { grads } = tf.variableGrads(() => {
    const out = forward(net, tf.tensor2d(x, [12, 784]), true);
    return ddcLoss(out.hidden, out.assignments, { sigma: 1.5 }).loss;
  }, net.params);
  const values = net.params.map((p) => grads[p.name].dataSync() as Float32Array);
  tf.dispose(Object.values(grads));
  disposeNetwork(net);
  return values;
}

describe('DDC gradients on wasm', () => {
  it('equal the cpu backend’s for the conv variant (conv filter and max-pool gradients)', async () => {
    await ensureBackend('cpu');
    const cpu = gradients();
    await ensureBackend('wasm');
    const wasm = gradients();
    cpu.forEach((g, i) => {
      let dot = 0;
      let na = 0;
      let nb = 0;
      let maxDiff = 0;
      let maxAbs = 0;
      for (let j = 0; j < g.length; j++) {
        dot += g[j] * wasm[i][j];
        na += g[j] * g[j];
        nb += wasm[i][j] * wasm[i][j];
        maxDiff = Math.max(maxDiff, Math.abs(g[j] - wasm[i][j]));
        maxAbs = Math.max(maxAbs, Math.abs(g[j]));
      }
      if (i === 5) {
        // dense1/bias feeds batch norm, which subtracts it again: its true gradient is 0, both give rounding noise.
        expect(Math.sqrt(na)).toBeLessThan(1e-6);
        expect(Math.sqrt(nb)).toBeLessThan(1e-6);
        return;
      }
      expect(dot / Math.sqrt(na * nb)).toBeGreaterThan(0.9999);
      expect(maxDiff).toBeLessThan(1e-3 * maxAbs + 1e-7);
    });
  });
});
