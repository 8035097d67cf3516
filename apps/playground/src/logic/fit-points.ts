/**
 * Maps 2-D coordinates into a `width`×`height` box with `pad` on every side, keeping the aspect ratio (one
 * scale for both axes, centred) and flipping y so larger y is higher on screen. A single point, or points that
 * all coincide, land in the centre. Returns interleaved [x0, y0, x1, y1, …] screen coordinates.
 */
export function fitPoints(
  points: readonly { x: number; y: number }[],
  width: number,
  height: number,
  pad: number,
): Float64Array {
  const out = new Float64Array(points.length * 2);
  if (points.length === 0) return out;
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const p of points) {
    if (p.x < minX) minX = p.x;
    if (p.x > maxX) maxX = p.x;
    if (p.y < minY) minY = p.y;
    if (p.y > maxY) maxY = p.y;
  }
  const spanX = maxX - minX;
  const spanY = maxY - minY;
  const innerW = width - 2 * pad;
  const innerH = height - 2 * pad;
  const scale = Math.min(spanX > 0 ? innerW / spanX : Infinity, spanY > 0 ? innerH / spanY : Infinity);
  const s = Number.isFinite(scale) ? scale : 0;
  const offX = pad + (innerW - spanX * s) / 2;
  const offY = pad + (innerH - spanY * s) / 2;
  for (let i = 0; i < points.length; i++) {
    out[2 * i] = offX + (points[i].x - minX) * s;
    out[2 * i + 1] = height - (offY + (points[i].y - minY) * s);
  }
  return out;
}
