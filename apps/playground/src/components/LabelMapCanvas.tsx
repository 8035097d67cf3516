import { useEffect, useMemo, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { pointsInBox } from '../logic/box-select.js';
import { pointsInPolygon } from '../logic/lasso.js';
import { SpatialGrid } from '../logic/spatial-grid.js';
import { IDENTITY_VIEW, panBy, toWorld, zoomAt, type ViewTransform } from '../logic/view-transform.js';

export type SelectTool = 'lasso' | 'box' | 'pan';

/** Canvas size in CSS pixels; the map's coordinates (`xy`) are fitted into this box. */
export const MAP_WIDTH = 880;
export const MAP_HEIGHT = 620;
/** From this zoom on, the visible points are drawn as thumbnails (at most THUMB_LIMIT of them). */
const THUMB_SCALE = 4;
const THUMB_LIMIT = 400;
const DOT = 3;

/**
 * The labelling map: every point drawn on one 2-D canvas from typed arrays (one path per colour, no element per
 * point), wheel zoom, pan (pan tool, space+drag or the middle button), hover preview, lasso and box selection
 * (shift adds). `xy` is interleaved screen coordinates at zoom 1; `colorIndex[i]` picks from `palette`.
 */
export function LabelMapCanvas({
  xy,
  colorIndex,
  palette,
  selected,
  tool,
  thumbnailUrl,
  describe,
  onSelect,
  label,
}: {
  xy: Float64Array;
  colorIndex: Uint16Array;
  palette: readonly string[];
  selected: Uint8Array;
  tool: SelectTool;
  thumbnailUrl: (index: number) => string | undefined;
  describe: (index: number) => string;
  onSelect: (indices: number[], additive: boolean) => void;
  label: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [view, setView] = useState<ViewTransform>(IDENTITY_VIEW);
  const [hover, setHover] = useState<{ index: number; sx: number; sy: number } | undefined>();
  const [space, setSpace] = useState(false);
  const drag = useRef<
    | { kind: 'pan'; lastX: number; lastY: number }
    | { kind: 'lasso'; points: number[]; additive: boolean }
    | { kind: 'box'; x0: number; y0: number; x1: number; y1: number; additive: boolean }
    | undefined
  >(undefined);
  const thumbs = useRef(new Map<string, HTMLImageElement>());
  const frame = useRef(0);
  const grid = useMemo(() => new SpatialGrid(xy, 16), [xy]);
  // Points grouped by colour once per data change, so a frame is one fill per colour.
  const groups = useMemo(() => {
    const byColor: number[][] = palette.map(() => []);
    for (let i = 0; i < colorIndex.length; i++) byColor[colorIndex[i]]?.push(i);
    return byColor.map((g) => Int32Array.from(g));
  }, [colorIndex, palette]);

  const draw = () => {
    frame.current = 0;
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (el === null || ctx === null || ctx === undefined) return;
    const dpr = window.devicePixelRatio || 1;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, MAP_WIDTH, MAP_HEIGHT);
    const { scale, offsetX, offsetY } = view;
    const r = DOT;
    for (let g = 0; g < groups.length; g++) {
      const idx = groups[g];
      if (idx.length === 0) continue;
      ctx.beginPath();
      for (let k = 0; k < idx.length; k++) {
        const i = idx[k];
        const sx = xy[2 * i] * scale + offsetX;
        const sy = xy[2 * i + 1] * scale + offsetY;
        if (sx < -r || sy < -r || sx > MAP_WIDTH + r || sy > MAP_HEIGHT + r) continue;
        ctx.rect(sx - r, sy - r, 2 * r, 2 * r);
      }
      ctx.fillStyle = palette[g];
      ctx.fill();
    }
    // Selection: one outline path.
    ctx.beginPath();
    for (let i = 0; i < selected.length; i++) {
      if (selected[i] === 0) continue;
      const sx = xy[2 * i] * scale + offsetX;
      const sy = xy[2 * i + 1] * scale + offsetY;
      ctx.rect(sx - r - 1.5, sy - r - 1.5, 2 * r + 3, 2 * r + 3);
    }
    ctx.strokeStyle = '#d00';
    ctx.lineWidth = 1.5;
    ctx.stroke();
    if (scale >= THUMB_SCALE) drawThumbs(ctx);
    const d = drag.current;
    if (d?.kind === 'lasso' && d.points.length >= 4) {
      ctx.beginPath();
      ctx.moveTo(d.points[0] * scale + offsetX, d.points[1] * scale + offsetY);
      for (let k = 2; k < d.points.length; k += 2)
        ctx.lineTo(d.points[k] * scale + offsetX, d.points[k + 1] * scale + offsetY);
      ctx.closePath();
      ctx.setLineDash([4, 3]);
      ctx.strokeStyle = '#222';
      ctx.stroke();
      ctx.setLineDash([]);
    } else if (d?.kind === 'box') {
      ctx.setLineDash([4, 3]);
      ctx.strokeStyle = '#222';
      ctx.strokeRect(
        Math.min(d.x0, d.x1) * scale + offsetX,
        Math.min(d.y0, d.y1) * scale + offsetY,
        Math.abs(d.x1 - d.x0) * scale,
        Math.abs(d.y1 - d.y0) * scale,
      );
      ctx.setLineDash([]);
    }
  };

  const drawThumbs = (ctx: CanvasRenderingContext2D) => {
    const [wx0, wy0] = toWorld(view, 0, 0);
    const [wx1, wy1] = toWorld(view, MAP_WIDTH, MAP_HEIGHT);
    const visible = grid.inRect(wx0, wy0, wx1, wy1).slice(0, THUMB_LIMIT);
    const size = Math.min(96, 4 * view.scale);
    for (const i of visible) {
      const url = thumbnailUrl(i);
      if (url === undefined) continue;
      let img = thumbs.current.get(url);
      if (img === undefined) {
        // Lazy: loaded the first time the point is visible when zoomed in, then kept for the page's life.
        img = new Image();
        img.onload = () => schedule();
        img.src = url;
        thumbs.current.set(url, img);
      }
      if (!img.complete || img.naturalWidth === 0) continue;
      const sx = xy[2 * i] * view.scale + view.offsetX;
      const sy = xy[2 * i + 1] * view.scale + view.offsetY;
      ctx.drawImage(img, sx - size / 2, sy - size / 2, size, size);
      ctx.strokeStyle = palette[colorIndex[i]];
      ctx.lineWidth = selected[i] === 0 ? 2 : 4;
      ctx.strokeRect(sx - size / 2, sy - size / 2, size, size);
    }
  };

  const drawRef = useRef(draw);
  drawRef.current = draw;
  const schedule = () => {
    if (frame.current === 0) frame.current = requestAnimationFrame(() => drawRef.current());
  };
  useEffect(schedule, [view, groups, selected, xy]);
  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  // Wheel zoom needs a non-passive listener to keep the page from scrolling.
  useEffect(() => {
    const el = canvas.current;
    if (el === null) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const rect = el.getBoundingClientRect();
      const factor = Math.exp(-event.deltaY * 0.0015);
      setView((v) => zoomAt(v, event.clientX - rect.left, event.clientY - rect.top, factor));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, []);
  useEffect(() => {
    const down = (e: KeyboardEvent) => {
      if (e.code === 'Space' && !isTyping(e)) {
        setSpace(true);
        if (e.target === canvas.current) e.preventDefault();
      }
    };
    const up = (e: KeyboardEvent) => e.code === 'Space' && setSpace(false);
    window.addEventListener('keydown', down);
    window.addEventListener('keyup', up);
    return () => {
      window.removeEventListener('keydown', down);
      window.removeEventListener('keyup', up);
    };
  }, []);

  const local = (event: ReactPointerEvent<HTMLCanvasElement>): [number, number] => {
    const rect = event.currentTarget.getBoundingClientRect();
    return [event.clientX - rect.left, event.clientY - rect.top];
  };
  const onPointerDown = (event: ReactPointerEvent<HTMLCanvasElement>) => {
    event.currentTarget.setPointerCapture(event.pointerId);
    const [sx, sy] = local(event);
    const [wx, wy] = toWorld(view, sx, sy);
    if (tool === 'pan' || space || event.button === 1) {
      event.preventDefault();
      drag.current = { kind: 'pan', lastX: sx, lastY: sy };
    } else if (event.button === 0 && tool === 'lasso') {
      drag.current = { kind: 'lasso', points: [wx, wy], additive: event.shiftKey };
    } else if (event.button === 0) {
      drag.current = { kind: 'box', x0: wx, y0: wy, x1: wx, y1: wy, additive: event.shiftKey };
    }
  };
  const onPointerMove = (event: ReactPointerEvent<HTMLCanvasElement>) => {
    const [sx, sy] = local(event);
    const d = drag.current;
    if (d?.kind === 'pan') {
      const dx = sx - d.lastX;
      const dy = sy - d.lastY;
      d.lastX = sx;
      d.lastY = sy;
      setView((v) => panBy(v, dx, dy));
      return;
    }
    const [wx, wy] = toWorld(view, sx, sy);
    if (d?.kind === 'lasso') {
      d.points.push(wx, wy);
      schedule();
    } else if (d?.kind === 'box') {
      d.x1 = wx;
      d.y1 = wy;
      schedule();
    } else {
      const index = grid.nearest(wx, wy, (DOT + 4) / view.scale);
      setHover(index < 0 ? undefined : { index, sx, sy });
    }
  };
  const onPointerUp = () => {
    const d = drag.current;
    drag.current = undefined;
    if (d?.kind === 'lasso' && d.points.length >= 6) onSelect(pointsInPolygon(xy, d.points), d.additive);
    else if (d?.kind === 'box' && (d.x0 !== d.x1 || d.y0 !== d.y1)) onSelect(pointsInBox(xy, d), d.additive);
    schedule();
  };

  const hoverUrl = hover === undefined ? undefined : thumbnailUrl(hover.index);
  return (
    <div className="label-map" style={{ width: MAP_WIDTH, height: MAP_HEIGHT }}>
      <canvas
        ref={canvas}
        width={MAP_WIDTH * (window.devicePixelRatio || 1)}
        height={MAP_HEIGHT * (window.devicePixelRatio || 1)}
        style={{
          width: MAP_WIDTH,
          height: MAP_HEIGHT,
          cursor: tool === 'pan' || space ? 'grab' : 'crosshair',
        }}
        tabIndex={0}
        role="img"
        aria-label={label}
        data-testid="label-map-canvas"
        data-scale={view.scale.toFixed(3)}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerLeave={() => setHover(undefined)}
        onDoubleClick={() => setView(IDENTITY_VIEW)}
      />
      {hover !== undefined && (
        <div
          className="map-hover"
          data-testid="map-hover"
          style={{
            left: Math.min(hover.sx + 14, MAP_WIDTH - 140),
            top: Math.min(hover.sy + 14, MAP_HEIGHT - 150),
          }}
        >
          {hoverUrl !== undefined && <img src={hoverUrl} alt="" width={120} height={120} />}
          <span>{describe(hover.index)}</span>
        </div>
      )}
    </div>
  );
}

function isTyping(event: KeyboardEvent): boolean {
  const t = event.target;
  return t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement;
}
