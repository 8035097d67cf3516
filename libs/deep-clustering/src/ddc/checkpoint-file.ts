import { readFile, rename, writeFile } from 'node:fs/promises';
import { DeepClusteringError } from '../data/deep-clustering-error.js';

/** One named float32 array of a checkpoint. */
export interface NamedArray {
  /** Name (e.g. `dense1/kernel`, `adam/m/dense1/kernel`). */
  readonly name: string;
  /** Tensor shape. */
  readonly shape: readonly number[];
  /** Values, row-major. */
  readonly values: Float32Array;
}

const MAGIC = 'CFDEEP01';

/**
 * Writes `header` (JSON) and the arrays into one file: the magic `CFDEEP01`, the header length (uint32 LE), the
 * header, padding to 4 bytes, then the float32 arrays back to back. Written to a temporary file and renamed into
 * place, so a crash leaves the previous file intact, never half of a new one.
 */
export async function writeCheckpointFile(
  path: string,
  header: object,
  arrays: readonly NamedArray[],
): Promise<void> {
  let offset = 0;
  const index = arrays.map((a) => {
    const entry = { name: a.name, shape: a.shape, offset, length: a.values.length };
    offset += a.values.length;
    return entry;
  });
  const json = Buffer.from(JSON.stringify({ ...header, arrays: index }), 'utf8');
  const headerBytes = 8 + 4 + json.length;
  const pad = (4 - (headerBytes % 4)) % 4;
  const out = Buffer.alloc(headerBytes + pad + offset * 4);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(json.length, 8);
  json.copy(out, 12);
  const floats = new Float32Array(out.buffer, out.byteOffset + headerBytes + pad, offset);
  arrays.forEach((a, i) => floats.set(a.values, index[i].offset));
  const temp = `${path}.tmp-${process.pid}`;
  await writeFile(temp, out);
  await rename(temp, path);
}

/** Reads a file written by {@link writeCheckpointFile}: its header and arrays by name. */
export async function readCheckpointFile(
  path: string,
): Promise<{ header: Record<string, unknown>; arrays: Map<string, NamedArray> }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new DeepClusteringError(
      'CHECKPOINT_UNREADABLE',
      `Cannot read checkpoint "${path}": ${error instanceof Error ? error.message : String(error)}.`,
    );
  }
  if (bytes.length < 12 || bytes.toString('latin1', 0, 8) !== MAGIC) {
    throw new DeepClusteringError(
      'CHECKPOINT_UNREADABLE',
      `"${path}" is not a deep-clustering checkpoint (no ${MAGIC} magic).`,
    );
  }
  const length = bytes.readUInt32LE(8);
  const headerBytes = 12 + length;
  const pad = (4 - (headerBytes % 4)) % 4;
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(bytes.toString('utf8', 12, headerBytes)) as Record<string, unknown>;
  } catch {
    throw new DeepClusteringError('CHECKPOINT_UNREADABLE', `"${path}" has a corrupt header.`);
  }
  const index = header.arrays as { name: string; shape: number[]; offset: number; length: number }[];
  const total = index.reduce((s, e) => s + e.length, 0);
  if (bytes.length !== headerBytes + pad + total * 4) {
    throw new DeepClusteringError(
      'CHECKPOINT_UNREADABLE',
      `"${path}" is truncated: ${total} floats declared.`,
    );
  }
  // Copy into an aligned buffer: a Buffer from readFile may sit at any offset of a shared pool.
  const floats = new Float32Array(total);
  new Uint8Array(floats.buffer).set(bytes.subarray(headerBytes + pad));
  const arrays = new Map<string, NamedArray>();
  for (const e of index) {
    arrays.set(e.name, {
      name: e.name,
      shape: e.shape,
      values: floats.subarray(e.offset, e.offset + e.length),
    });
  }
  return { header, arrays };
}
