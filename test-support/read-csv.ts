/**
 * Reads a small CSV text into rows of cells: fields may be quoted (commas inside quotes stay in the field), lines
 * end in LF or CRLF, empty lines are skipped. Enough for the shared data tables; not a general CSV parser (no
 * escaped quotes, no line breaks inside a field). Shared by tests and the evaluation harness, which read the same
 * tables and must not depend on each other.
 */
export function readCsv(text: string): string[][] {
  return text
    .split(/\r?\n/)
    .filter((line) => line.length > 0)
    .map(splitCsvLine);
}

function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}
