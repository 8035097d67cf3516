import { describe, expect, it } from 'vitest';
import { buildTree } from '../src/tree/build-tree.js';
import { saveTree, TREE_FORMAT, TREE_FORMAT_VERSION } from '../src/serialization/save-tree.js';
import { loadTree } from '../src/serialization/load-tree.js';
import { TreeFormatError } from '../src/serialization/tree-format-error.js';
import { decodeBase64, encodeBase64 } from '../src/serialization/base64.js';
import { createRng } from '../src/rng.js';
import { classSpace } from './class-space-data.js';

describe('base64', () => {
  it('round-trips every length and rejects bad input', () => {
    for (let n = 0; n < 20; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) & 255);
      const text = encodeBase64(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
      expect(decodeBase64(text)).toEqual(bytes);
    }
    expect(decodeBase64('abc')).toBeNull();
    expect(decodeBase64('ab$=')).toBeNull();
    expect(decodeBase64('a=bc')).toBeNull();
  });
});

describe('saveTree / loadTree', () => {
  const { points, labels } = classSpace(400, 40, 8, 11, 0.05, 1);
  const tree = buildTree(points, labels, { seed: 5 });
  const json = saveTree(tree);

  it('writes a versioned JSON document', () => {
    const doc = JSON.parse(json);
    expect(doc.format).toBe(TREE_FORMAT);
    expect(doc.version).toBe(TREE_FORMAT_VERSION);
    expect(doc.nodes.length).toBe(tree.nodes().length);
    expect(typeof doc.nodes[0].box.lo).toBe('string');
  });

  it('load(save(t)) answers every guess identically and saves to the same string', () => {
    const loaded = loadTree(json);
    expect(saveTree(loaded)).toBe(json);
    expect(loaded.summary()).toEqual(tree.summary());
    const rng = createRng(1);
    const q = new Float64Array(points.cols);
    for (let t = 0; t < 300; t++) {
      // training points, perturbed training points and random points (outside / nearby)
      const i = rng.nextInt(points.rows);
      for (let d = 0; d < q.length; d++) {
        const base =
          t % 3 === 2 ? 3 * rng.next() * (rng.next() < 0.1 ? 1 : 0) : points.data[i * points.cols + d];
        q[d] = t % 3 === 1 ? base * (0.9 + 0.2 * rng.next()) : base;
      }
      for (const metric of ['l2', 'mahalanobis'] as const) {
        expect(loaded.guess(q, { metric, worldEscapeThreshold: 2 })).toEqual(
          tree.guess(q, { metric, worldEscapeThreshold: 2 }),
        );
      }
    }
  });

  it('typed errors for the wrong format, version or corrupt data', () => {
    const code = (text: string): string => {
      try {
        loadTree(text);
      } catch (e) {
        expect(e).toBeInstanceOf(TreeFormatError);
        return (e as TreeFormatError).code;
      }
      return 'loaded';
    };
    expect(code('not json')).toBe('WRONG_FORMAT');
    expect(code('{"format":"something-else"}')).toBe('WRONG_FORMAT');
    const doc = JSON.parse(json);
    expect(code(JSON.stringify({ ...doc, version: 2 }))).toBe('UNSUPPORTED_VERSION');
    const badBox = structuredClone(doc);
    badBox.nodes[1].box.lo = badBox.nodes[1].box.lo.slice(0, -4);
    expect(code(JSON.stringify(badBox))).toBe('CORRUPT_TREE');
    const badChild = structuredClone(doc);
    badChild.nodes[0].children = [9999];
    expect(code(JSON.stringify(badChild))).toBe('CORRUPT_TREE');
    const badMember = structuredClone(doc);
    badMember.nodes[1].members = 'AAAA////';
    expect(code(JSON.stringify(badMember))).toBe('CORRUPT_TREE');
    const badLabel = structuredClone(doc);
    badLabel.nodes[0].labelCounts = [['nope', 1]];
    expect(code(JSON.stringify(badLabel))).toBe('CORRUPT_TREE');
  });
});
