import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import { POSTGRES_MIGRATIONS } from './migrations.js';
import type { DatabaseLocation, RunResult, SqlDatabase, SqlValue } from './sql-database.js';

/** A schema name the gateway creates and sets as `search_path`: a plain lower-case SQL identifier. */
export const POSTGRES_SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Options of `PostgresDatabase.open`. */
export interface PostgresOptions {
  /** Connections in the pool (default 10; a build worker thread opens its own pool of 1). */
  maxConnections?: number;
  /** Milliseconds to wait for a connection before failing (default 5000). */
  connectTimeoutMs?: number;
}

/** The open transaction's client, while it is open. */
interface TxScope {
  client: pg.PoolClient;
  open: boolean;
}

// Lock id the migrations hold (pg_advisory_xact_lock): two gateways starting at once migrate one after the other.
const MIGRATION_LOCK = 0x636c7573;

/**
 * The multi-machine backend: a `pg` pool. Statements use `?` placeholders (rewritten to `$1…$n`); a transaction
 * takes one pooled client and every statement awaited inside it runs on that client. Migrations are recorded in
 * `schema_migrations` and applied under an advisory lock.
 */
export class PostgresDatabase implements SqlDatabase {
  readonly dialect = 'postgres' as const;
  private readonly scope = new AsyncLocalStorage<TxScope>();

  private constructor(
    private readonly pool: pg.Pool,
    readonly location: DatabaseLocation & { kind: 'postgres' },
  ) {}

  /**
   * Connects, creates `schema` if missing and applies pending migrations. `created` is true when this call created
   * the tables (the caller seeds the demo data then). Rejects with the driver's error when the server is unreachable.
   */
  static async open(
    url: string,
    schema = 'public',
    options: PostgresOptions = {},
  ): Promise<{ db: PostgresDatabase; created: boolean; version: number }> {
    if (!POSTGRES_SCHEMA_NAME.test(schema)) {
      throw new RangeError(
        `PostgreSQL schema "${schema.slice(0, 80)}" is not allowed; use lower-case letters, digits and _ (1–63, not starting with a digit).`,
      );
    }
    const pool = new pg.Pool({
      connectionString: url,
      max: options.maxConnections ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
      // Startup parameter: every pooled connection resolves unqualified table names in this schema.
      options: `-c search_path=${schema}`,
    });
    // An idle client losing its server must not crash the process: the next query reports the failure.
    pool.on('error', () => undefined);
    const db = new PostgresDatabase(pool, { kind: 'postgres', url, schema });
    try {
      await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      const before = await db.transaction(async () => {
        await db.run('SELECT pg_advisory_xact_lock(?)', [MIGRATION_LOCK]);
        await db.run(
          'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)',
        );
        const row = await db.get<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations');
        const applied = row?.v ?? 0;
        for (let v = applied; v < POSTGRES_MIGRATIONS.length; v++) {
          await db.client().query(POSTGRES_MIGRATIONS[v]);
          await db.run('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)', [
            v + 1,
            new Date().toISOString(),
          ]);
        }
        return applied;
      });
      return { db, created: before === 0, version: POSTGRES_MIGRATIONS.length };
    } catch (error) {
      await pool.end();
      throw error;
    }
  }

  async all<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    const result = await this.client().query(numbered(sql), params as unknown[]);
    return result.rows as T[];
  }

  async get<T>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<RunResult> {
    const result = await this.client().query(numbered(sql), params as unknown[]);
    return { changes: result.rowCount ?? 0 };
  }

  async transaction<T>(work: () => Promise<T>): Promise<T> {
    if (this.scope.getStore()?.open === true) return work();
    const client = await this.pool.connect();
    const tx: TxScope = { client, open: true };
    let broken = false;
    try {
      return await this.scope.run(tx, async () => {
        await client.query('BEGIN');
        try {
          const value = await work();
          await client.query('COMMIT');
          return value;
        } catch (error) {
          try {
            await client.query('ROLLBACK');
          } catch {
            broken = true; // the connection is gone: do not return it to the pool
          }
          throw error;
        }
      });
    } finally {
      tx.open = false;
      client.release(broken);
    }
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  /** The open transaction's client inside `transaction`, the pool elsewhere. */
  private client(): pg.Pool | pg.PoolClient {
    const tx = this.scope.getStore();
    return tx?.open === true ? tx.client : this.pool;
  }
}

/**
 * `?` → `$1…$n`. The gateway's SQL has no `?` inside string literals or identifiers, so a plain scan is exact
 * for it; write `$n` yourself if a statement ever needs a literal question mark.
 */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}
