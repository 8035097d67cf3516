const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Standard base64 with padding (no Node Buffer, so it also runs in browsers). */
export function encodeBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 0x3000; // multiple of 3: chunks concatenate without padding in between
  for (let s = 0; s < bytes.length; s += CHUNK) {
    const end = Math.min(bytes.length, s + CHUNK);
    let out = '';
    for (let i = s; i < end; i += 3) {
      const a = bytes[i];
      const b = i + 1 < end ? bytes[i + 1] : 0;
      const c = i + 2 < end ? bytes[i + 2] : 0;
      out += ALPHABET[a >> 2] + ALPHABET[((a & 3) << 4) | (b >> 4)];
      out += i + 1 < end ? ALPHABET[((b & 15) << 2) | (c >> 6)] : '=';
      out += i + 2 < end ? ALPHABET[c & 63] : '=';
    }
    parts.push(out);
  }
  return parts.join('');
}

/** Decodes standard padded base64; returns null on any invalid character or length. */
export function decodeBase64(text: string): Uint8Array | null {
  if (text.length % 4 !== 0) return null;
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const v = [0, 0, 0, 0];
    for (let j = 0; j < 4; j++) {
      const ch = text.charCodeAt(i + j);
      if (ch === 61 && i + 4 === text.length && j >= 4 - pad) continue; // '=' only as final padding
      const x = ch < 128 ? LOOKUP[ch] : -1;
      if (x < 0) return null;
      v[j] = x;
    }
    const n = (v[0] << 18) | (v[1] << 12) | (v[2] << 6) | v[3];
    if (o < out.length) out[o++] = (n >> 16) & 255;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
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
