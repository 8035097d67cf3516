import { boxFromState } from '../boxes/box-factory.js';
import type { BoxKind, ClusterBox } from '../boxes/cluster-box.js';
import { ClusterFlowError } from '../errors/clusterflow-error.js';
import type { ClusterNode, LeafReason, NodeKind } from '../tree/cluster-node.js';
import { ClusterTree } from '../tree/cluster-tree.js';
import { resolveTreeOptions, type TreeBuildOptions } from '../tree/tree-options.js';
import { decodeBase64, fromLittleEndian } from './base64.js';
import { TREE_FORMAT, TREE_FORMAT_VERSION } from './save-tree.js';
import { TreeFormatError } from './tree-format-error.js';

type Json = Record<string, unknown>;

const corrupt = (what: string): TreeFormatError =>
  new TreeFormatError('CORRUPT_TREE', `corrupt tree: ${what}`);

function obj(v: unknown, what: string): Json {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw corrupt(`${what} must be an object`);
  return v as Json;
}

function int(v: unknown, what: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(v) || (v as number) < min || (v as number) > max) {
    throw corrupt(`${what} must be an integer in ${min}..${max}, got ${JSON.stringify(v)}`);
  }
  return v as number;
}

function num(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw corrupt(`${what} must be a finite number`);
  return v;
}

function strings(v: unknown, what: string): string[] {
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string'))
    throw corrupt(`${what} must be an array of strings`);
  return v as string[];
}

function bytes(v: unknown, what: string, width: number, length: number | null): Uint8Array {
  if (typeof v !== 'string') throw corrupt(`${what} must be a base64 string`);
  const b = decodeBase64(v);
  if (!b) throw corrupt(`${what} is not valid base64`);
  if (b.length % width !== 0 || (length !== null && b.length !== length * width)) {
    throw corrupt(
      `${what} has ${b.length} bytes, expected ${length === null ? 'a multiple of' : length + ' ×'} ${width}`,
    );
  }
  return b;
}

const f64 = (v: unknown, what: string, len: number): Float64Array =>
  fromLittleEndian(bytes(v, what, 8, len), (buf) => new Float64Array(buf), 8);
const i32 = (v: unknown, what: string): Int32Array =>
  fromLittleEndian(bytes(v, what, 4, null), (buf) => new Int32Array(buf), 4);
const u8 = (v: unknown, what: string, len: number): Uint8Array =>
  fromLittleEndian(bytes(v, what, 1, len), (buf) => new Uint8Array(buf), 1);

function readBox(v: unknown, what: string, dims: number): ClusterBox {
  const b = obj(v, what);
  const kind = b.kind as BoxKind;
  if (kind !== 'box' && kind !== 'lower' && kind !== 'partial')
    throw corrupt(`${what}.kind is ${String(b.kind)}`);
  return boxFromState({
    kind,
    dims,
    count: int(b.count, `${what}.count`, 0),
    zeroTolerance: num(b.zeroTolerance, `${what}.zeroTolerance`),
    minSharedDims: int(b.minSharedDims, `${what}.minSharedDims`, 1),
    lo: f64(b.lo, `${what}.lo`, dims),
    hi: f64(b.hi, `${what}.hi`, dims),
    active: u8(b.active, `${what}.active`, dims),
    stats: {
      n: f64(b.n, `${what}.n`, dims),
      mean: f64(b.mean, `${what}.mean`, dims),
      m2: f64(b.m2, `${what}.m2`, dims),
    },
  });
}

const KINDS: readonly NodeKind[] = ['pure', 'mixed', 'singleton'];
const REASONS: readonly LeafReason[] = ['pure', 'singleton', 'maxDepth', 'noProgress', null];

/**
 * Reads a tree written by `saveTree`. Every guess of the loaded tree equals the original's.
 *
 * @throws TreeFormatError with code 'WRONG_FORMAT' (not JSON of a ClusterFlow tree), 'UNSUPPORTED_VERSION'
 *   (a version other than 1) or 'CORRUPT_TREE' (missing fields, bad base64, wrong lengths, broken links).
 */
export function loadTree(json: string): ClusterTree {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (e) {
    throw new TreeFormatError('WRONG_FORMAT', `not JSON: ${(e as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || (parsed as Json).format !== TREE_FORMAT) {
    throw new TreeFormatError('WRONG_FORMAT', `expected an object with format '${TREE_FORMAT}'`);
  }
  const root = parsed as Json;
  if (root.version !== TREE_FORMAT_VERSION) {
    throw new TreeFormatError(
      'UNSUPPORTED_VERSION',
      `tree format version ${JSON.stringify(root.version)} is not supported; this build reads version ${TREE_FORMAT_VERSION}`,
    );
  }
  const points = int(root.points, 'points', 1);
  const dims = int(root.dims, 'dims', 1);
  const labels = strings(root.labels, 'labels');
  const labelSet = new Set(labels);
  let options;
  try {
    options = resolveTreeOptions(obj(root.options, 'options') as TreeBuildOptions);
  } catch (e) {
    if (e instanceof ClusterFlowError) throw corrupt(`options: ${e.message}`);
    throw e;
  }
  const rawNodes = root.nodes;
  if (!Array.isArray(rawNodes) || rawNodes.length === 0) throw corrupt('nodes must be a non-empty array');
  const built: ClusterNode[] = new Array(rawNodes.length);
  // Children are always created after their parent, so building from the last id backwards sees them first.
  for (let id = rawNodes.length - 1; id >= 0; id--) {
    const w = `nodes[${id}]`;
    const n = obj(rawNodes[id], w);
    if (n.id !== id) throw corrupt(`${w}.id is ${JSON.stringify(n.id)}`);
    const kind = n.kind as NodeKind;
    if (!KINDS.includes(kind)) throw corrupt(`${w}.kind is ${String(n.kind)}`);
    const leafReason = (n.leafReason ?? null) as LeafReason;
    if (!REASONS.includes(leafReason)) throw corrupt(`${w}.leafReason is ${String(n.leafReason)}`);
    const members = i32(n.members, `${w}.members`);
    for (let k = 0; k < members.length; k++) {
      if (members[k] < 0 || members[k] >= points) throw corrupt(`${w}.members has index ${members[k]}`);
    }
    if (!Array.isArray(n.children)) throw corrupt(`${w}.children must be an array`);
    const children = n.children.map((c, j) => {
      const cid = int(c, `${w}.children[${j}]`, id + 1, rawNodes.length - 1);
      const child = built[cid];
      if (child.parent !== id) throw corrupt(`${w} lists child ${cid} whose parent is ${child.parent}`);
      return child;
    });
    if (!Array.isArray(n.labelCounts)) throw corrupt(`${w}.labelCounts must be an array`);
    const labelCounts = new Map<string, number>();
    for (const entry of n.labelCounts as unknown[]) {
      if (!Array.isArray(entry) || typeof entry[0] !== 'string' || !labelSet.has(entry[0])) {
        throw corrupt(`${w}.labelCounts has an entry that is not [known label, count]`);
      }
      labelCounts.set(entry[0], int(entry[1], `${w}.labelCounts[${entry[0]}]`, 1, members.length));
    }
    built[id] = {
      id,
      depth: int(n.depth, `${w}.depth`, 0),
      parent: int(n.parent, `${w}.parent`, -1, id - 1),
      box: readBox(n.box, `${w}.box`, dims),
      members,
      kind,
      sharedLabels: strings(n.sharedLabels, `${w}.sharedLabels`),
      labelCounts,
      children,
      leafReason,
    };
  }
  if (built[0].parent !== -1) throw corrupt('node 0 must be the root (parent -1)');
  const rejects = i32(root.rejects, 'rejects');
  for (let k = 0; k < rejects.length; k++) {
    if (rejects[k] < 0 || rejects[k] >= points) throw corrupt(`rejects has index ${rejects[k]}`);
  }
  return new ClusterTree({ nodes: built, rejects, labels, points, options });
}
