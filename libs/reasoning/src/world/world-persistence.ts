import { loadTree, saveTree } from '@clusterflow/clusterflow';
import type { WorldCalibration } from './calibration.js';
import { WorldFormatError } from '../errors/reasoning-error.js';
import type { DistanceCalibration } from '../strategies/geometric-relation.js';
import type { World, WorldGuessOptions, WorldProvenance } from './world.js';
import { worldSpaceFromJson, worldSpaceToJson, type WorldSpaceJson } from './world-space.js';

/** Format name and version written by `saveWorld`. */
export const WORLD_FORMAT = 'clusterflow-world';
/** Version of the world format written by `saveWorld`; `loadWorld` reads only this version. */
export const WORLD_FORMAT_VERSION = 1;

interface WorldJson {
  format: string;
  version: number;
  provenance: WorldProvenance;
  calibration: Omit<WorldCalibration, 'escapes' | 'clusterDistances' | 'clusterThreshold'> & {
    escapes: string;
    clusterDistances: string;
    clusterThreshold: number | null;
  };
  distance: DistanceCalibration | null;
  guess: WorldGuessOptions;
  examples: { rows: number; cols: number; data: string; labelSets: string[][]; ids?: string[] };
  tree: string;
  /** The learned space, absent for a world built on the tap itself (worlds written before spaces existed). */
  space?: WorldSpaceJson;
  /** The examples as tap activations (same labels and ids as `examples`), present with `space`. */
  activations?: { rows: number; cols: number; data: string };
}

/**
 * Serialises a world as versioned JSON: the tree via the core's `saveTree`, the examples (float32, base64 of
 * little-endian bytes) so the world can be extended after reloading, calibration and provenance.
 */
export function saveWorld(world: World): string {
  const ex = world.examples;
  const json: WorldJson = {
    format: WORLD_FORMAT,
    version: WORLD_FORMAT_VERSION,
    provenance: world.provenance,
    calibration: {
      ...world.calibration,
      escapes: toBase64(Float64Array.from(world.calibration.escapes)),
      clusterDistances: toBase64(Float64Array.from(world.calibration.clusterDistances)),
      // JSON has no Infinity: null stands for "no cluster test".
      clusterThreshold: Number.isFinite(world.calibration.clusterThreshold)
        ? world.calibration.clusterThreshold
        : null,
    },
    distance: world.distance,
    guess: world.guess,
    examples: {
      rows: ex.rows,
      cols: ex.cols,
      data: toBase64(Float32Array.from(ex.data)),
      labelSets: ex.labelSets.map((l) => [...l]),
      ...(ex.ids ? { ids: [...ex.ids] } : {}),
    },
    tree: saveTree(world.tree),
    ...(world.space && world.activations
      ? {
          space: worldSpaceToJson(world.space),
          activations: {
            rows: world.activations.rows,
            cols: world.activations.cols,
            data: toBase64(Float32Array.from(world.activations.data)),
          },
        }
      : {}),
  };
  return JSON.stringify(json);
}

/** Reads a world written by `saveWorld`; typed `WorldFormatError` for a wrong format, version or corrupt data. */
export function loadWorld(text: string): World {
  let json: WorldJson;
  try {
    json = JSON.parse(text) as WorldJson;
  } catch (e) {
    throw new WorldFormatError(`loadWorld: not JSON (${(e as Error).message})`);
  }
  if (json?.format !== WORLD_FORMAT)
    throw new WorldFormatError(`loadWorld: format is '${String(json?.format)}', expected '${WORLD_FORMAT}'`);
  if (json.version !== WORLD_FORMAT_VERSION)
    throw new WorldFormatError(
      `loadWorld: version ${String(json.version)} is not supported (this build reads version ${WORLD_FORMAT_VERSION})`,
    );
  const { rows, cols } = json.examples ?? {};
  const data = fromBase64(json.examples?.data ?? '', Float32Array);
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || data.length !== rows * cols)
    throw new WorldFormatError(
      `loadWorld: examples hold ${data.length} values, expected rows*cols = ${rows * cols}`,
    );
  if (!Array.isArray(json.examples.labelSets) || json.examples.labelSets.length !== rows)
    throw new WorldFormatError(`loadWorld: examples need ${rows} label sets`);
  const escapes = fromBase64(json.calibration?.escapes ?? '', Float64Array);
  const clusterDistances = fromBase64(json.calibration?.clusterDistances ?? '', Float64Array);
  const clusterThreshold = json.calibration?.clusterThreshold ?? Infinity;
  const examples = {
    data,
    rows,
    cols,
    labelSets: json.examples.labelSets,
    ...(json.examples.ids ? { ids: json.examples.ids } : {}),
  };
  const space = json.space ? worldSpaceFromJson(json.space) : null;
  let activations = null;
  if (space) {
    const a = json.activations;
    const raw = fromBase64(a?.data ?? '', Float32Array);
    if (!a || a.rows !== rows || a.cols !== space.inputDim || raw.length !== rows * space.inputDim)
      throw new WorldFormatError(
        `loadWorld: a world with a space needs ${rows}×${space.inputDim} activations, got ${raw.length} values`,
      );
    if (space.dim !== cols)
      throw new WorldFormatError(`loadWorld: the space gives ${space.dim} values, the examples have ${cols}`);
    activations = { ...examples, data: raw, cols: space.inputDim };
  }
  return {
    tree: loadTree(json.tree),
    examples,
    space,
    activations,
    calibration: { ...json.calibration, escapes, clusterDistances, clusterThreshold },
    distance: json.distance,
    guess: json.guess ?? {},
    provenance: json.provenance,
  };
}

function toBase64(a: Float32Array | Float64Array): string {
  // Typed arrays are little-endian on every platform Node and browsers run on; Buffer keeps the bytes as they are.
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
}

function fromBase64<T extends Float32Array | Float64Array>(
  text: string,
  Kind: { new (buffer: ArrayBuffer): T; BYTES_PER_ELEMENT: number },
): T {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.byteLength % Kind.BYTES_PER_ELEMENT !== 0)
    throw new WorldFormatError(
      `loadWorld: a base64 blob has ${bytes.byteLength} bytes, not a whole number of values`,
    );
  const copy = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(copy).set(bytes);
  return new Kind(copy);
}
