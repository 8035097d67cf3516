/**
 * Mirrors `rows` square HWC images (`size`×`size`×`channels`, row-major, concatenated) left to right: pixel
 * (y, x) of the output is pixel (y, size − 1 − x) of the input. Returns a new array; the input is not changed.
 */
export function flipHorizontal(pixels: Float32Array, rows: number, size: number, channels = 3): Float32Array {
  const out = new Float32Array(pixels.length);
  const rowStride = size * channels;
  for (let r = 0; r < rows; r++) {
    const image = r * size * rowStride;
    for (let y = 0; y < size; y++) {
      const line = image + y * rowStride;
      for (let x = 0; x < size; x++) {
        const from = line + (size - 1 - x) * channels;
        const to = line + x * channels;
        for (let c = 0; c < channels; c++) out[to + c] = pixels[from + c];
      }
    }
  }
  return out;
}
