/** The pages, in menu order; the path is the URL hash (`#/odd-one-out`), so the gateway needs no SPA fallback. */
export const ROUTES = [
  { path: 'odd-one-out', title: 'Odd one out' },
  { path: 'set-game', title: 'Set game' },
  { path: 'membership', title: 'World membership' },
  { path: 'map', title: 'World map' },
  { path: 'asymmetry', title: 'Asymmetry' },
  { path: 'worlds', title: 'Worlds' },
  { path: 'label-by-map', title: 'Label by map' },
] as const;

export type RoutePath = (typeof ROUTES)[number]['path'];

/** `#/set-game` → `set-game`; anything unknown → the first page. */
export function routeFromHash(hash: string): RoutePath {
  const path = hash.replace(/^#\/?/, '').split(/[?/]/)[0];
  return ROUTES.find((r) => r.path === path)?.path ?? ROUTES[0].path;
}
