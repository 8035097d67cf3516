/** ISO timestamp used in every `*_at` column (TEXT on both backends, so rows compare and sort the same way). */
export function now(): string {
  return new Date().toISOString();
}
