import { pointMatrix } from '@clusterflow/clusterflow';
import { headSpace, trainEmbeddingHead, trainHeadSpace } from '@clusterflow/deep-clustering';
import {
  applyWorldSpace,
  buildWorld,
  InvalidReasoningInputError,
  loadWorld,
  relation,
  saveWorld,
  worldMembership,
  type LabelledExamples,
} from '@clusterflow/reasoning';
import { createRng } from '@clusterflow/clusterflow';
import { describe, expect, it } from 'vitest';

/** Three seeded blobs in 12-D (centres +3 on one axis and −3 on another), 16 rows each. */
function blobs(seed: number, perClass = 16): LabelledExamples {
  const rng = createRng(seed);
  const cols = 12;
  const rows = perClass * 3;
  const data = new Float32Array(rows * cols);
  const labelSets: string[][] = [];
  for (let r = 0; r < rows; r++) {
    const c = r % 3;
    for (let j = 0; j < cols; j++) data[r * cols + j] = rng.next() * 2 - 1;
    data[r * cols + c] += 3;
    data[r * cols + c + 3] -= 3;
    labelSets.push([['a', 'b', 'c'][c]]);
  }
  return { data, rows, cols, labelSets };
}

const head = { dim: 4, hidden: [16], epochs: 6, backend: 'wasm' as const, seed: 3 };
const quick = { calibration: { folds: 3 } };

describe('world space from an embedding head', () => {
  it('the pure-TS transform equals the TF.js head to 1e-5 (silhouette and Cosine-COREL heads)', async () => {
    const ex = blobs(1);
    for (const loss of ['silhouette', 'cosine-corel'] as const) {
      const h = await trainEmbeddingHead({
        features: ex,
        labels: ex.labelSets.map((l) => l[0]),
        ...head,
        loss,
      });
      const tfOut = h.transform(ex);
      const space = headSpace(h);
      h.dispose();
      const ours = applyWorldSpace(space, ex);
      expect(ours.cols).toBe(4);
      let worst = 0;
      for (let r = 0; r < ex.rows; r++)
        for (let c = 0; c < 4; c++) worst = Math.max(worst, Math.abs(ours.data[r * 4 + c] - tfOut[r][c]));
      expect(worst).toBeLessThan(1e-5);
      // Cosine-COREL heads are L2-normalised by default: unit rows.
      if (loss === 'cosine-corel') {
        const n = Math.hypot(...Array.from(ours.data.subarray(0, 4)));
        expect(n).toBeCloseTo(1, 5);
      }
    }
  });

  it('the same seed gives the same head and the same world; the training points are inside it', async () => {
    const ex = blobs(2);
    const a = await trainHeadSpace(ex, head);
    const b = await trainHeadSpace(ex, head);
    expect(Array.from(a.layers[0].kernel)).toEqual(Array.from(b.layers[0].kernel));
    const wa = buildWorld(ex, { ...quick, space: a });
    const wb = buildWorld(ex, { ...quick, space: b });
    expect(wa.examples.cols).toBe(4);
    expect(Array.from(wa.examples.data)).toEqual(Array.from(wb.examples.data));
    expect(wa.calibration.threshold).toBe(wb.calibration.threshold);
    for (let r = 0; r < ex.rows; r++) {
      const raw = ex.data.subarray(r * ex.cols, (r + 1) * ex.cols);
      const ma = worldMembership(wa, raw);
      expect(ma).toEqual(worldMembership(wb, raw));
      // Every training point lies in the world box in head space (escape 0).
      expect(ma.evidence.world.escapeDistance).toBe(0);
    }
  });

  it('a world saved and loaded with its head answers the same', async () => {
    const ex = blobs(3);
    const space = await trainHeadSpace(ex, { ...head, loss: 'cosine-corel' });
    const world = buildWorld(ex, { ...quick, space });
    const back = loadWorld(saveWorld(world));
    expect(back.space).not.toBeNull();
    expect(Array.from(back.activations?.data ?? [])).toEqual(Array.from(ex.data));
    const queries = blobs(4, 2);
    for (let r = 0; r < queries.rows; r++) {
      const q = queries.data.subarray(r * queries.cols, (r + 1) * queries.cols);
      expect(worldMembership(back, q)).toEqual(worldMembership(world, q));
    }
    // a, a, b: an SSD-shaped triplet, read the same (answer and evidence) after the round trip.
    const triplet = pointMatrix(
      Float32Array.from([
        ...queries.data.subarray(0, 12),
        ...queries.data.subarray(36, 48),
        ...queries.data.subarray(12, 24),
      ]),
      3,
      12,
    );
    for (const reader of ['posterior', 'calibrated'] as const) {
      const x = relation({ vectors: triplet }, { world, reader });
      const y = relation({ vectors: triplet }, { world: back, reader });
      expect(y).toEqual(x);
    }
  });

  it('query rows whose width is not the head input are a typed error', async () => {
    const ex = blobs(5);
    const space = await trainHeadSpace(ex, head);
    const world = buildWorld(ex, { ...quick, space });
    expect(() => worldMembership(world, new Float32Array(4))).toThrow(InvalidReasoningInputError);
    expect(() => relation({ vectors: pointMatrix(new Float32Array(3 * 5), 3, 5) }, { world })).toThrow(
      /the world takes 12/,
    );
    // and a head trained on another tap width cannot build a world on these rows
    const other = await trainHeadSpace(blobs(6), head);
    const narrow = { ...ex, data: ex.data.slice(0, ex.rows * 6), cols: 6 };
    expect(() => buildWorld(narrow, { ...quick, space: other })).toThrow(InvalidReasoningInputError);
  });
});
