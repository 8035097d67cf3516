import { mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { MIGRATIONS } from './migrations.js';

export type Db = BetterSqlite3.Database;

export interface OpenedDatabase {
  db: Db;
  /** True when this call created the schema (a fresh file): the caller seeds the demo data then. */
  created: boolean;
  /** Schema version after migrating. */
  version: number;
}

/** Opens (creating if needed) the SQLite file, enables WAL + foreign keys and applies pending migrations. */
export function openDatabase(file: string): OpenedDatabase {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const db = new BetterSqlite3(file);
  // WAL: readers never block the single writer; NORMAL sync is durable across process crashes in WAL mode.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const before = db.pragma('user_version', { simple: true }) as number;
  for (let v = before; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return { db, created: before === 0, version: MIGRATIONS.length };
}

/** ISO timestamp used in every `*_at` column. */
export function now(): string {
  return new Date().toISOString();
}
