const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const CODES = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));
const ASCII = new TextDecoder('latin1');

/** Standard base64 with padding (no Node Buffer, so it also runs in browsers). */
export function encodeBase64(bytes: Uint8Array): string {
  const n = bytes.length;
  const out = new Uint8Array(Math.ceil(n / 3) * 4);
  let o = 0;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out[o++] = CODES[v >> 18];
    out[o++] = CODES[(v >> 12) & 63];
    out[o++] = CODES[(v >> 6) & 63];
    out[o++] = CODES[v & 63];
  }
  if (i < n) {
    const a = bytes[i];
    const b = i + 1 < n ? bytes[i + 1] : 0;
    out[o++] = CODES[a >> 2];
    out[o++] = CODES[((a & 3) << 4) | (b >> 4)];
    out[o++] = i + 1 < n ? CODES[(b & 15) << 2] : 61;
    out[o++] = 61;
  }
  return ASCII.decode(out);
}

/** Decodes standard padded base64; returns null on any invalid character or length. */
export function decodeBase64(text: string): Uint8Array | null {
  if (text.length % 4 !== 0) return null;
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  const body = text.length - (pad > 0 ? 4 : 0);
  let o = 0;
  for (let i = 0; i < body; i += 4) {
    const a = code(text, i);
    const b = code(text, i + 1);
    const c = code(text, i + 2);
    const d = code(text, i + 3);
    if ((a | b | c | d) < 0) return null;
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = v >> 16;
    out[o++] = (v >> 8) & 255;
    out[o++] = v & 255;
  }
  if (pad > 0) {
    const a = code(text, body);
    const b = code(text, body + 1);
    const c = pad === 1 ? code(text, body + 2) : 0;
    if ((a | b | c) < 0) return null;
    const v = (a << 18) | (b << 12) | (c << 6);
    out[o++] = v >> 16;
    if (pad === 1) out[o++] = (v >> 8) & 255;
  }
  return out;
}

function code(text: string, i: number): number {
  const ch = text.charCodeAt(i);
  return ch < 128 ? LOOKUP[ch] : -1;
}

/** Little-endian bytes of a typed array (copied and byte-swapped on big-endian hosts). */
export function littleEndianBytes(array: Float64Array | Int32Array | Uint8Array): Uint8Array {
  const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  if (LITTLE_ENDIAN || array.BYTES_PER_ELEMENT === 1) return bytes;
  return swapped(bytes, array.BYTES_PER_ELEMENT);
}

/** Typed array from little-endian bytes (length already checked by the caller). */
export function fromLittleEndian<T extends Float64Array | Int32Array | Uint8Array>(
  bytes: Uint8Array,
  make: (buffer: ArrayBuffer) => T,
  width: number,
): T {
  const own = LITTLE_ENDIAN || width === 1 ? bytes.slice() : swapped(bytes, width);
  return make(own.buffer as ArrayBuffer);
}

function swapped(bytes: Uint8Array, width: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += width)
    for (let j = 0; j < width; j++) out[i + j] = bytes[i + width - 1 - j];
  return out;
}
