import { ExtractorError } from '../errors/extractor-error.js';
import type { TapMatrix } from '../extractor.js';

/**
 * Joins several taps (each seen under one or more test-time views) into one feature row per image: per tap, the
 * views are averaged, then power-normalised (√max(0, x): pooled ReLU maps are heavy-tailed, a few large channels
 * would otherwise dominate every distance), L2-normalised and scaled by 1/√taps, so every tap weighs the same and
 * each row has unit length. `parts[t][v]` is tap t under view v; all must have the same rows, a tap's views the
 * same cols.
 */
export function combineTapViews(parts: readonly (readonly TapMatrix[])[]): TapMatrix {
  if (parts.length === 0 || parts.some((p) => p.length === 0)) {
    throw new ExtractorError(
      'INVALID_ARGUMENT',
      'combineTapViews needs at least one tap with at least one view.',
    );
  }
  const rows = parts[0][0].rows;
  for (const [t, views] of parts.entries()) {
    for (const m of views) {
      if (m.rows !== rows || m.cols !== views[0].cols || m.data.length !== m.rows * m.cols) {
        throw new ExtractorError(
          'INVALID_ARGUMENT',
          `Tap ${t}: every view must be ${rows} rows × ${views[0].cols} cols; got ${m.rows} × ${m.cols} (${m.data.length} values).`,
        );
      }
    }
  }
  const cols = parts.reduce((a, p) => a + p[0].cols, 0);
  const data = new Float32Array(rows * cols);
  const tapWeight = 1 / Math.sqrt(parts.length);
  let offset = 0;
  for (const views of parts) {
    const width = views[0].cols;
    const block = new Float64Array(width);
    for (let r = 0; r < rows; r++) {
      block.fill(0);
      for (const m of views) for (let j = 0; j < width; j++) block[j] += m.data[r * width + j];
      let norm = 0;
      for (let j = 0; j < width; j++) {
        block[j] = Math.sqrt(Math.max(0, block[j] / views.length));
        norm += block[j] * block[j];
      }
      const scale = norm > 0 ? tapWeight / Math.sqrt(norm) : 0;
      for (let j = 0; j < width; j++) data[r * cols + offset + j] = block[j] * scale;
    }
    offset += width;
  }
  return { data, rows, cols };
}
