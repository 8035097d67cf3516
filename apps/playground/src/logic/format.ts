/** 0.9876 → "98.8 %" (one decimal; probabilities and confidences are shown this way everywhere). */
export function percent(value: number, digits = 1): string {
  if (!Number.isFinite(value)) return '—';
  return `${(value * 100).toFixed(digits)} %`;
}

/** SAME_SAME_DIFFERENT → "same-same-different"; SET → "set". */
export function relationName(kind: string): string {
  return kind.toLowerCase().replace(/_/g, '-');
}
