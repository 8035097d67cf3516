// Colour-blind-friendly categorical palette (Okabe–Ito, then Tableau) for labels on maps and charts.
const PALETTE = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#D55E00',
  '#56B4E9',
  '#B8A200',
  '#000000',
  '#8C564B',
  '#7F7F7F',
  '#17BECF',
  '#9467BD',
];

/** A stable colour per label: labels sorted by name take palette colours in turn (cycling past 12). */
export function labelColors(labels: Iterable<string>): Map<string, string> {
  const sorted = [...new Set(labels)].sort((a, b) => a.localeCompare(b));
  return new Map(sorted.map((label, i) => [label, PALETTE[i % PALETTE.length]]));
}
