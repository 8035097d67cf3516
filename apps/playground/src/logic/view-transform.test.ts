import { describe, expect, it } from 'vitest';
import { IDENTITY_VIEW, MAX_SCALE, panBy, toScreen, toWorld, zoomAt } from './view-transform.js';

describe('view transform', () => {
  it('maps world to screen and back', () => {
    const view = { scale: 2, offsetX: 10, offsetY: -4 };
    expect(toScreen(view, 3, 5)).toEqual([16, 6]);
    expect(toWorld(view, 16, 6)).toEqual([3, 5]);
  });
  it('zooming keeps the point under the cursor fixed', () => {
    // Zoom 2× at screen (100, 50) from identity: world (100, 50) stays at (100, 50), offset = -(100, 50).
    const view = zoomAt(IDENTITY_VIEW, 100, 50, 2);
    expect(view).toEqual({ scale: 2, offsetX: -100, offsetY: -50 });
    expect(toScreen(view, 100, 50)).toEqual([100, 50]);
    expect(toScreen(view, 0, 0)).toEqual([-100, -50]);
  });
  it('clamps the scale', () => {
    expect(zoomAt({ scale: 60, offsetX: 0, offsetY: 0 }, 0, 0, 2).scale).toBe(MAX_SCALE);
  });
  it('pans by a screen delta', () => {
    expect(panBy({ scale: 3, offsetX: 1, offsetY: 2 }, 5, -7)).toEqual({ scale: 3, offsetX: 6, offsetY: -5 });
  });
});
