import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { SQLITE_MIGRATIONS } from './migrations.js';
import type { DatabaseLocation, RunResult, SqlDatabase, SqlValue } from './sql-database.js';

/** Marks the async work of the open transaction (statements from elsewhere wait until it ends). */
interface TxScope {
  open: boolean;
}

/**
 * The embedded backend: one better-sqlite3 connection (WAL, foreign keys), migrations counted in `PRAGMA user_version`.
 * better-sqlite3 is synchronous; the async interface lets a transaction span awaits, so transactions are queued one
 * at a time and statements issued outside the open transaction wait for it (one connection = one transaction).
 */
export class SqliteDatabase implements SqlDatabase {
  readonly dialect = 'sqlite' as const;
  readonly location: DatabaseLocation;
  private readonly statements = new Map<string, BetterSqlite3.Statement>();
  private readonly scope = new AsyncLocalStorage<TxScope>();
  private chain: Promise<void> = Promise.resolve();
  private pending = 0;

  private constructor(private readonly db: BetterSqlite3.Database) {
    this.location = { kind: 'sqlite', file: db.memory ? ':memory:' : db.name };
  }

  /** Opens (creating if needed) the file and applies pending migrations; `created` is true for a fresh file. */
  static open(file: string): { db: SqliteDatabase; created: boolean; version: number } {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    const raw = new BetterSqlite3(file);
    // WAL: readers never block the single writer; NORMAL sync is durable across process crashes in WAL mode.
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    raw.pragma('foreign_keys = ON');
    raw.pragma('busy_timeout = 5000');
    const before = raw.pragma('user_version', { simple: true }) as number;
    for (let v = before; v < SQLITE_MIGRATIONS.length; v++) {
      raw.transaction(() => {
        raw.exec(SQLITE_MIGRATIONS[v]);
        raw.pragma(`user_version = ${v + 1}`);
      })();
    }
    return { db: new SqliteDatabase(raw), created: before === 0, version: SQLITE_MIGRATIONS.length };
  }

  async all<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    await this.turn();
    return this.statement(sql).all(...bind(params)) as T[];
  }

  async get<T>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    await this.turn();
    return this.statement(sql).get(...bind(params)) as T | undefined;
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<RunResult> {
    await this.turn();
    return { changes: this.statement(sql).run(...bind(params)).changes };
  }

  transaction<T>(work: () => Promise<T>): Promise<T> {
    if (this.scope.getStore()?.open === true) return work();
    this.pending++;
    const result = this.chain.then(() => {
      const tx: TxScope = { open: true };
      return this.scope.run(tx, async () => {
        this.db.exec('BEGIN IMMEDIATE');
        try {
          const value = await work();
          this.db.exec('COMMIT');
          return value;
        } catch (error) {
          if (this.db.inTransaction) this.db.exec('ROLLBACK');
          throw error;
        } finally {
          tx.open = false;
        }
      });
    });
    this.chain = result.then(
      () => void this.pending--,
      () => void this.pending--,
    );
    return result;
  }

  async ping(): Promise<void> {
    await this.get('SELECT 1 AS ok');
  }

  async close(): Promise<void> {
    await this.chain;
    this.statements.clear();
    if (this.db.open) this.db.close();
  }

  /** Outside the open transaction, waits until no transaction is queued or running. */
  private async turn(): Promise<void> {
    while (this.pending > 0 && this.scope.getStore()?.open !== true) await this.chain;
  }

  private statement(sql: string): BetterSqlite3.Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

/** better-sqlite3 binds Buffers, not plain Uint8Arrays. */
function bind(params: readonly SqlValue[]): unknown[] {
  return params.map((p) => (p instanceof Uint8Array && !Buffer.isBuffer(p) ? Buffer.from(p) : p));
}
