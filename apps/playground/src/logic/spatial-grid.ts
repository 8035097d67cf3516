/**
 * A uniform grid over points (interleaved `xy`) for hover and hit tests: each cell lists the points in it, so
 * the nearest point to the cursor is found by looking at a few cells instead of all 10,000 points.
 */
export class SpatialGrid {
  private readonly cellStart: Int32Array;
  private readonly cellItems: Int32Array;
  private readonly cols: number;
  private readonly rows: number;
  private readonly minX: number;
  private readonly minY: number;

  /** `cellSize` > 0 in the points' units. Throws a RangeError otherwise. */
  constructor(
    private readonly xy: ArrayLike<number>,
    private readonly cellSize: number,
  ) {
    if (!(cellSize > 0) || !Number.isFinite(cellSize)) {
      throw new RangeError(`SpatialGrid cellSize must be a finite number > 0, got ${cellSize}`);
    }
    const count = Math.floor(xy.length / 2);
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let p = 0; p < count; p++) {
      minX = Math.min(minX, xy[2 * p]);
      maxX = Math.max(maxX, xy[2 * p]);
      minY = Math.min(minY, xy[2 * p + 1]);
      maxY = Math.max(maxY, xy[2 * p + 1]);
    }
    if (count === 0) minX = minY = maxX = maxY = 0;
    this.minX = minX;
    this.minY = minY;
    this.cols = Math.floor((maxX - minX) / cellSize) + 1;
    this.rows = Math.floor((maxY - minY) / cellSize) + 1;
    // Counting sort into one flat array (CSR layout): no per-cell arrays to allocate.
    const cellOf = new Int32Array(count);
    const counts = new Int32Array(this.cols * this.rows + 1);
    for (let p = 0; p < count; p++) {
      const c = this.cell(xy[2 * p], xy[2 * p + 1]);
      cellOf[p] = c;
      counts[c + 1]++;
    }
    for (let c = 0; c < this.cols * this.rows; c++) counts[c + 1] += counts[c];
    this.cellStart = counts;
    this.cellItems = new Int32Array(count);
    const fill = counts.slice(0, -1);
    for (let p = 0; p < count; p++) this.cellItems[fill[cellOf[p]]++] = p;
  }

  private cell(x: number, y: number): number {
    const cx = Math.min(this.cols - 1, Math.max(0, Math.floor((x - this.minX) / this.cellSize)));
    const cy = Math.min(this.rows - 1, Math.max(0, Math.floor((y - this.minY) / this.cellSize)));
    return cy * this.cols + cx;
  }

  /** The index of the nearest point within `radius` of (x, y), or -1; ties go to the lower index. */
  nearest(x: number, y: number, radius: number): number {
    let best = -1;
    let bestD = radius * radius;
    const cx0 = Math.max(0, Math.floor((x - radius - this.minX) / this.cellSize));
    const cx1 = Math.min(this.cols - 1, Math.floor((x + radius - this.minX) / this.cellSize));
    const cy0 = Math.max(0, Math.floor((y - radius - this.minY) / this.cellSize));
    const cy1 = Math.min(this.rows - 1, Math.floor((y + radius - this.minY) / this.cellSize));
    for (let cy = cy0; cy <= cy1; cy++) {
      for (let cx = cx0; cx <= cx1; cx++) {
        const c = cy * this.cols + cx;
        for (let k = this.cellStart[c]; k < this.cellStart[c + 1]; k++) {
          const p = this.cellItems[k];
          const dx = this.xy[2 * p] - x;
          const dy = this.xy[2 * p + 1] - y;
          const d = dx * dx + dy * dy;
          if (d < bestD || (d === bestD && (best === -1 || p < best))) {
            best = p;
            bestD = d;
          }
        }
      }
    }
    return best;
  }

  /** Indices of the points inside the axis-aligned rectangle (for drawing only what is visible). */
  inRect(minX: number, minY: number, maxX: number, maxY: number): number[] {
    const out: number[] = [];
    const cx0 = Math.max(0, Math.floor((minX - this.minX) / this.cellSize));
    const cx1 = Math.min(this.cols - 1, Math.floor((maxX - this.minX) / this.cellSize));
    const cy0 = Math.max(0, Math.floor((minY - this.minY) / this.cellSize));
    const cy1 = Math.min(this.rows - 1, Math.floor((maxY - this.minY) / this.cellSize));
    for (let cy = cy0; cy <= cy1; cy++) {
      for (let cx = cx0; cx <= cx1; cx++) {
        const c = cy * this.cols + cx;
        for (let k = this.cellStart[c]; k < this.cellStart[c + 1]; k++) {
          const p = this.cellItems[k];
          const x = this.xy[2 * p];
          const y = this.xy[2 * p + 1];
          if (x >= minX && x <= maxX && y >= minY && y <= maxY) out.push(p);
        }
      }
    }
    return out.sort((a, b) => a - b);
  }
}
