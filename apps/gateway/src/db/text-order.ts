/**
 * Code-unit order of two strings, for lists read from the database: `ORDER BY text` follows the database's
 * collation (SQLite: binary; PostgreSQL: often a locale that ignores punctuation), so text is sorted here instead
 * and both backends list in the same order.
 */
export function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
