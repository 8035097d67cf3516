/**
 * True when `error` is a UNIQUE/PRIMARY KEY violation from either backend (SQLite `SQLITE_CONSTRAINT_UNIQUE` /
 * `_PRIMARYKEY`, PostgreSQL SQLSTATE 23505): callers turn it into a typed input error (e.g. a world name taken by a
 * concurrent request on another gateway).
 */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error)) return false;
  const code = (error as { code: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
