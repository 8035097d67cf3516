import { useMemo } from 'react';
import type { ProjectionPoint } from '../api/operations.js';
import { fitPoints } from '../logic/fit-points.js';

const SIZE = 640;
const THUMB = 40;

/** The world's images as thumbnails on a 2-D map, framed in their label's colour; `highlight` dims the rest. */
export function ScatterMap({
  points,
  colors,
  highlight,
  title,
}: {
  points: ProjectionPoint[];
  colors: Map<string, string>;
  highlight: ReadonlySet<number> | undefined;
  title: string;
}) {
  const xy = useMemo(() => fitPoints(points, SIZE, SIZE, THUMB / 2 + 4), [points]);
  // Highlighted points are drawn last so they sit on top.
  const order = useMemo(() => {
    const idx = points.map((_, i) => i);
    if (highlight === undefined) return idx;
    return [
      ...idx.filter((i) => !highlight.has(points[i].exampleId)),
      ...idx.filter((i) => highlight.has(points[i].exampleId)),
    ];
  }, [points, highlight]);
  return (
    <svg
      className="scatter"
      viewBox={`0 0 ${SIZE} ${SIZE}`}
      role="img"
      aria-label={`${title}: ${points.length} images${highlight === undefined ? '' : `, ${highlight.size} highlighted`}`}
      data-testid="world-map"
    >
      <rect x={0} y={0} width={SIZE} height={SIZE} className="map-bg" />
      {order.map((i) => {
        const p = points[i];
        const on = highlight === undefined || highlight.has(p.exampleId);
        const x = xy[2 * i] - THUMB / 2;
        const y = xy[2 * i + 1] - THUMB / 2;
        return (
          <g
            key={p.exampleId}
            className={on ? 'point' : 'point dim'}
            data-testid="map-point"
            data-example-id={p.exampleId}
            data-label={p.label}
            data-highlighted={highlight !== undefined && on}
          >
            <title>{`${p.label}${p.sampleId === null ? '' : ` (${p.sampleId})`}`}</title>
            <rect
              x={x - 3}
              y={y - 3}
              width={THUMB + 6}
              height={THUMB + 6}
              fill={colors.get(p.label) ?? '#777'}
              rx={3}
            />
            <image
              href={p.thumbnail}
              x={x}
              y={y}
              width={THUMB}
              height={THUMB}
              preserveAspectRatio="xMidYMid slice"
            />
          </g>
        );
      })}
    </svg>
  );
}
