import { PostgresDatabase } from './postgres-database.js';
import type { DatabaseLocation, SqlDatabase } from './sql-database.js';
import { SqliteDatabase } from './sqlite-database.js';

export type { Db, DatabaseLocation, RunResult, SqlDatabase, SqlValue } from './sql-database.js';
export { now } from './timestamp.js';

/** An open store and what opening it did. */
export interface OpenedDatabase {
  db: SqlDatabase;
  /** True when this call created the schema (a fresh database): the caller seeds the demo data then. */
  created: boolean;
  /** Schema version after migrating (the same number on both backends). */
  version: number;
}

/**
 * Opens the store at `location` — SQLite (the embedded default) or PostgreSQL — and applies pending migrations.
 * A string is an SQLite file path (`:memory:` for a throw-away database).
 */
export async function openDatabase(location: DatabaseLocation | string): Promise<OpenedDatabase> {
  const where: DatabaseLocation =
    typeof location === 'string' ? { kind: 'sqlite', file: location } : location;
  if (where.kind === 'sqlite') return SqliteDatabase.open(where.file);
  return PostgresDatabase.open(where.url, where.schema);
}
