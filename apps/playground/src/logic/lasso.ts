/**
 * Even–odd (ray casting) point-in-polygon test. `polygon` is interleaved [x0, y0, x1, y1, …] and is closed
 * implicitly (last vertex joins the first). Fewer than 3 vertices contain nothing. A point exactly on an edge
 * may fall either side; a lasso drawn by hand does not need more.
 */
export function pointInPolygon(x: number, y: number, polygon: ArrayLike<number>): boolean {
  const n = Math.floor(polygon.length / 2);
  if (n < 3) return false;
  let inside = false;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = polygon[2 * i];
    const yi = polygon[2 * i + 1];
    const xj = polygon[2 * j];
    const yj = polygon[2 * j + 1];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Indices of the points (interleaved `xy`) inside `polygon`; a bounding-box pre-check skips most of them. */
export function pointsInPolygon(xy: ArrayLike<number>, polygon: ArrayLike<number>): number[] {
  const out: number[] = [];
  const n = Math.floor(polygon.length / 2);
  if (n < 3) return out;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    minX = Math.min(minX, polygon[2 * i]);
    maxX = Math.max(maxX, polygon[2 * i]);
    minY = Math.min(minY, polygon[2 * i + 1]);
    maxY = Math.max(maxY, polygon[2 * i + 1]);
  }
  const count = Math.floor(xy.length / 2);
  for (let p = 0; p < count; p++) {
    const x = xy[2 * p];
    const y = xy[2 * p + 1];
    if (x < minX || x > maxX || y < minY || y > maxY) continue;
    if (pointInPolygon(x, y, polygon)) out.push(p);
  }
  return out;
}
