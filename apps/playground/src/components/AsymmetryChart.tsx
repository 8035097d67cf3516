import type { AsymmetryResult } from '../logic/asymmetry.js';
import { percent } from '../logic/format.js';

/** Two surprise bars (0–100 %) and the asymmetry as a diverging bar around 0 (−100 … +100 pp), in SVG. */
export function AsymmetryChart({ result, a, b }: { result: AsymmetryResult; a: string; b: string }) {
  const width = 520;
  const left = 190;
  const barMax = width - left - 60;
  const rows = [
    { label: `surprise(${b} | ${a} world)`, value: result.surpriseBGivenA, color: '#0072B2' },
    { label: `surprise(${a} | ${b} world)`, value: result.surpriseAGivenB, color: '#E69F00' },
  ];
  const mid = left + barMax / 2;
  const asym = Math.max(-100, Math.min(100, result.asymmetryPoints));
  const asymWidth = (Math.abs(asym) / 100) * (barMax / 2);
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${width} 170`}
        role="img"
        aria-label={`${rows[0].label} ${percent(rows[0].value)}, ${rows[1].label} ${percent(rows[1].value)}, asymmetry ${result.asymmetryPoints.toFixed(1)} percentage points`}
        data-testid="asymmetry-chart"
      >
        {rows.map((row, i) => (
          <g key={row.label} transform={`translate(0, ${20 + i * 40})`}>
            <text x={left - 8} y={16} textAnchor="end" className="axis-label">
              {row.label}
            </text>
            <rect x={left} y={2} width={barMax} height={20} className="track" />
            <rect x={left} y={2} width={row.value * barMax} height={20} fill={row.color} />
            <text x={left + row.value * barMax + 6} y={17} className="value">
              {percent(row.value)}
            </text>
          </g>
        ))}
        <g transform="translate(0, 110)">
          <text x={left - 8} y={16} textAnchor="end" className="axis-label">
            asymmetry
          </text>
          <rect x={left} y={2} width={barMax} height={20} className="track" />
          <rect x={asym >= 0 ? mid : mid - asymWidth} y={2} width={asymWidth} height={20} fill="#009E73" />
          <line x1={mid} x2={mid} y1={-2} y2={26} stroke="currentColor" />
          <text x={mid} y={42} textAnchor="middle" className="value">
            {result.asymmetryPoints >= 0 ? '+' : ''}
            {result.asymmetryPoints.toFixed(1)} pp
          </text>
        </g>
      </svg>
      <figcaption>
        Surprise is the share of test images outside the world familiarised with the other category; asymmetry
        is their difference in percentage points.
      </figcaption>
    </figure>
  );
}
