/** One point of a map as the label page draws it. */
export interface LabelMapPoint {
  imageId: string;
  x: number;
  y: number;
  label: string | null;
  cluster: number | null;
}

/**
 * A seeded synthetic map of `count` points in `clusters` Gaussian blobs (for the `?synthetic=N` renderer test,
 * no gateway needed): point i is in blob i mod clusters; every third point carries the label "blob-<c>".
 * Same `seed` → same points (mulberry32 + Box–Muller).
 */
export function syntheticMap(count: number, { clusters = 12, seed = 1 } = {}): LabelMapPoint[] {
  if (!Number.isInteger(count) || count < 0 || count > 100_000) {
    throw new RangeError(`synthetic point count must be an integer in 0–100000, got ${count}`);
  }
  let s = seed >>> 0;
  const rand = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const centres = Array.from({ length: clusters }, () => [rand() * 20 - 10, rand() * 20 - 10]);
  return Array.from({ length: count }, (_, i) => {
    const c = i % clusters;
    return {
      imageId: `synthetic_${i}`,
      x: centres[c][0] + gauss(),
      y: centres[c][1] + gauss(),
      label: i % 3 === 0 ? `blob-${c}` : null,
      cluster: c,
    };
  });
}
