/**
 * The map's camera: screen = world × scale + offset (one scale for both axes). World coordinates are the
 * fitted map coordinates (see fit-points.ts), so scale 1 and offset 0 show the whole map.
 */
export interface ViewTransform {
  scale: number;
  offsetX: number;
  offsetY: number;
}

export const IDENTITY_VIEW: ViewTransform = { scale: 1, offsetX: 0, offsetY: 0 };

/** Zoom limits: 1/4 (overview) to 64× (single thumbnails fill the view). */
export const MIN_SCALE = 0.25;
export const MAX_SCALE = 64;

export function toScreen(view: ViewTransform, x: number, y: number): [number, number] {
  return [x * view.scale + view.offsetX, y * view.scale + view.offsetY];
}

export function toWorld(view: ViewTransform, sx: number, sy: number): [number, number] {
  return [(sx - view.offsetX) / view.scale, (sy - view.offsetY) / view.scale];
}

/** Zooms by `factor` keeping the world point under the screen point (sx, sy) fixed; scale is clamped. */
export function zoomAt(view: ViewTransform, sx: number, sy: number, factor: number): ViewTransform {
  const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, view.scale * factor));
  const [wx, wy] = toWorld(view, sx, sy);
  return { scale, offsetX: sx - wx * scale, offsetY: sy - wy * scale };
}

/** Moves the view by a screen-space delta (a drag). */
export function panBy(view: ViewTransform, dx: number, dy: number): ViewTransform {
  return { scale: view.scale, offsetX: view.offsetX + dx, offsetY: view.offsetY + dy };
}
