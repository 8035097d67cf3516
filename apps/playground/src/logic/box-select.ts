/** A rectangle given by two opposite corners in any order (as a drag makes it). */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Indices of the points (interleaved `xy`) inside the box, edges included. */
export function pointsInBox(xy: ArrayLike<number>, box: Box): number[] {
  const minX = Math.min(box.x0, box.x1);
  const maxX = Math.max(box.x0, box.x1);
  const minY = Math.min(box.y0, box.y1);
  const maxY = Math.max(box.y0, box.y1);
  const out: number[] = [];
  const count = Math.floor(xy.length / 2);
  for (let p = 0; p < count; p++) {
    const x = xy[2 * p];
    const y = xy[2 * p + 1];
    if (x >= minX && x <= maxX && y >= minY && y <= maxY) out.push(p);
  }
  return out;
}
