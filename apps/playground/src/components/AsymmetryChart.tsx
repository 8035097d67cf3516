import type { AsymmetryPair, AsymmetryResult } from '../api/operations.js';

const COLOR_B = '#0072B2';
const COLOR_A = '#E69F00';

/**
 * Grouped bars, one group per condition: the surprise of B items and of A items (0–100 %), with the asymmetry
 * (B − A, percentage points) written beside each group. Plain SVG, readable as a table by screen readers.
 */
export function AsymmetryChart({ result }: { result: AsymmetryResult }) {
  const { nameA: a, nameB: b } = result;
  const groups: { title: string; pair: AsymmetryPair; bLabel: string; aLabel: string }[] = [
    {
      title: 'Novel',
      pair: result.novel,
      bLabel: `${b} in the ${a} world`,
      aLabel: `${a} in the ${b} world`,
    },
    {
      title: 'Familiar',
      pair: result.familiar,
      bLabel: `${b} in the ${b} world`,
      aLabel: `${a} in the ${a} world`,
    },
    {
      title: 'Control: training items',
      pair: result.trainControl,
      bLabel: `${b} (train) in the ${a} world`,
      aLabel: `${a} (train) in the ${b} world`,
    },
  ];
  const width = 720;
  const left = 210;
  const barMax = 300;
  const rowH = 22;
  const groupH = 2 * rowH + 34;
  const height = 24 + groups.length * groupH;
  const x = (pct: number) => (Math.max(0, Math.min(100, pct)) / 100) * barMax;
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-labelledby="asym-title"
        data-testid="asymmetry-chart"
      >
        <title id="asym-title">
          {groups
            .map(
              (g) =>
                `${g.title}: ${g.bLabel} ${g.pair.surpriseB.toFixed(1)} %, ${g.aLabel} ${g.pair.surpriseA.toFixed(1)} %`,
            )
            .join('; ')}
        </title>
        {[0, 25, 50, 75, 100].map((tick) => (
          <g key={tick}>
            <line x1={left + x(tick)} x2={left + x(tick)} y1={14} y2={height} className="grid" />
            <text x={left + x(tick)} y={11} textAnchor="middle" className="axis-label">
              {tick} %
            </text>
          </g>
        ))}
        {groups.map((g, i) => {
          const top = 24 + i * groupH;
          const rows = [
            { label: g.bLabel, value: g.pair.surpriseB, color: COLOR_B },
            { label: g.aLabel, value: g.pair.surpriseA, color: COLOR_A },
          ];
          return (
            <g key={g.title} transform={`translate(0, ${top})`} data-testid="asymmetry-group">
              <text x={0} y={12} className="group-title">
                {g.title}
              </text>
              <text x={left + barMax + 12} y={12} className="value">
                asymmetry {g.pair.asymmetry >= 0 ? '+' : ''}
                {g.pair.asymmetry.toFixed(1)} pp
              </text>
              {rows.map((row, r) => (
                <g key={row.label} transform={`translate(0, ${18 + r * rowH})`}>
                  <text x={left - 8} y={14} textAnchor="end" className="axis-label">
                    {row.label}
                  </text>
                  <rect x={left} y={2} width={barMax} height={rowH - 6} className="track" />
                  <rect x={left} y={2} width={x(row.value)} height={rowH - 6} fill={row.color} />
                  <text x={left + x(row.value) + 4} y={14} className="value">
                    {row.value.toFixed(1)} %
                  </text>
                </g>
              ))}
            </g>
          );
        })}
      </svg>
      <figcaption>
        Surprise: the share of test items that fall outside a world familiarised with one category. Asymmetry:{' '}
        {b}
        &apos;s surprise minus {a}&apos;s, in percentage points (positive: towards {b}).
      </figcaption>
    </figure>
  );
}
