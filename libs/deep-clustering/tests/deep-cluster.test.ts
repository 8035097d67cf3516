import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  DeepCluster,
  ensureBackend,
  loadMnist,
  pcaWhiten,
  reseedEmptyClusters,
  SeededRng,
  uniformOverClasses,
} from '../src/index.js';

describe('DeepCluster pieces', () => {
  it('pcaWhiten gives unit rows and does not depend on the input’s scale', () => {
    const rng = SeededRng.fromSeed(3);
    const rows = 200;
    const data = Float32Array.from({ length: rows * 5 }, (_, i) => rng.normal() * (1 + (i % 5) * 3));
    const a = pcaWhiten(data, rows, 5, 3);
    const b = pcaWhiten(
      data.map((v) => v * 100),
      rows,
      5,
      3,
      0,
    );
    const c = pcaWhiten(data, rows, 5, 3, 0);
    expect(a.length).toBe(rows * 3);
    for (let i = 0; i < rows; i++) expect(Math.hypot(a[i * 3], a[i * 3 + 1], a[i * 3 + 2])).toBeCloseTo(1, 5);
    for (let i = 0; i < b.length; i++) expect(b[i]).toBeCloseTo(c[i], 4);
  });

  it('reseedEmptyClusters splits a cluster so none is empty', () => {
    const points = Float32Array.from([0, 0, 0.1, 0, 5, 5, 5.1, 5]);
    const assignments = Int32Array.from([0, 0, 0, 0]);
    const centroids = Float64Array.from([2.55, 2.5, 0, 0]);
    const n = reseedEmptyClusters(points, 2, assignments, centroids, 2, SeededRng.fromSeed(1), 0.5);
    expect(n).toBe(1);
    expect(new Set(assignments).size).toBe(2);
  });

  it('uniformOverClasses draws every pseudo-class equally often', () => {
    const assignments = Int32Array.from({ length: 1000 }, (_, i) => (i < 900 ? 0 : 1));
    const order = uniformOverClasses(assignments, 2, SeededRng.fromSeed(2));
    expect(order.length).toBe(1000);
    const ones = Array.from(order).filter((i) => assignments[i] === 1).length;
    expect(ones).toBe(500);
  });
});

describe('DeepCluster', () => {
  it('runs rounds on real digits, reports NMI between rounds and against the truth, frees its tensors', async () => {
    await ensureBackend('wasm');
    const d = await loadMnist({ subset: 'test', limit: 300 });
    const before = tf.memory().numTensors;
    const rounds: number[] = [];
    const r = await new DeepCluster({ k: 10, epochs: 3, hiddenUnits: [64, 32], pcaDim: 16, seed: 1 }).fit(d, {
      labels: d.labels,
      onEpoch: (e) => void rounds.push(e.epoch),
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(rounds).toEqual([1, 2, 3, 4]);
    expect(Number.isNaN(r.history[0].nmiPrevious)).toBe(true);
    for (const e of r.history.slice(1)) expect(e.nmiPrevious).toBeGreaterThan(0.2);
    for (const e of r.history) expect(e.nmiTruth).toBeGreaterThan(0.2);
    expect(r.assignments.length).toBe(300);
    expect(new Set(r.assignments).size).toBe(10);
    const again = await new DeepCluster({ k: 10, epochs: 3, hiddenUnits: [64, 32], pcaDim: 16, seed: 1 }).fit(
      d,
    );
    expect(again.assignments).toEqual(r.assignments);
  });
});
