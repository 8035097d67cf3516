/** A value a statement parameter may take (both backends bind these the same way). */
export type SqlValue = string | number | bigint | null | Buffer | Uint8Array;

/** What a write reports: how many rows it changed. */
export interface RunResult {
  changes: number;
}

/** Where the gateway's data lives: the embedded SQLite file (the default) or a PostgreSQL database. */
export type DatabaseLocation =
  | {
      kind: 'sqlite';
      /** The SQLite file, or `:memory:` (then a build worker thread cannot open it: the tree is sent back). */
      file: string;
    }
  | {
      kind: 'postgres';
      /** `postgres://user@host:port/database` (`CLUSTERFLOW_DATABASE_URL`). */
      url: string;
      /** Schema the tables live in (`CLUSTERFLOW_DATABASE_SCHEMA`, default `public`); created when missing. */
      schema: string;
    };

/**
 * The store every repository talks to: one async SQL interface with an SQLite (`better-sqlite3`) and a PostgreSQL
 * (`pg`) implementation. Repositories write their SQL once, in the portable subset both engines run (see
 * `src/db/README.md`): `?` placeholders, `ON CONFLICT` instead of `INSERT OR …`, `CAST(COUNT(*) AS INTEGER)`.
 */
export interface SqlDatabase {
  readonly dialect: 'sqlite' | 'postgres';
  /** Where this database is (a build worker thread opens its own connection from it). */
  readonly location: DatabaseLocation;
  /** Every row of a query. */
  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** The first row of a query, or undefined. */
  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  /** A write; resolves to the number of rows changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<RunResult>;
  /**
   * Runs `work` in one transaction: every statement `work` issues (awaited inside it, on any repository) joins it;
   * committed when `work` resolves, rolled back when it throws. Nested calls join the outer transaction.
   */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  /** Resolves when the database answers a trivial query; rejects with the driver's error otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Old name of the store type, kept so services read `Db` as before. */
export type Db = SqlDatabase;
