import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type DatabaseLocation, type OpenedDatabase } from '../../src/db/database.js';

/** The PostgreSQL the backend tests use (CI and dev machines run one here; trust auth). */
export const TEST_POSTGRES_URL =
  process.env['CLUSTERFLOW_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** One storage backend under test: `fresh()` opens an empty database of its own, `drop` removes it. */
export interface StoreBackend {
  name: 'sqlite' | 'postgres';
  /** Why the backend's tests are skipped, or undefined when it is available. */
  skipReason: string | undefined;
  /** A new, empty location (its own file or schema), so test files never share tables. */
  freshLocation(): DatabaseLocation;
  open(location: DatabaseLocation): Promise<OpenedDatabase>;
  /** Removes every location handed out. */
  dropAll(): Promise<void>;
}

/** Resolves to undefined when PostgreSQL answers at TEST_POSTGRES_URL, else to a message saying why not. */
export async function postgresUnavailable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return `PostgreSQL not reachable at ${TEST_POSTGRES_URL.replace(/\/\/[^@]*@/, '//')} (${(error as Error).message}); set CLUSTERFLOW_TEST_DATABASE_URL or start a server — CI runs these tests`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** SQLite (temp files) and PostgreSQL (one fresh schema per location, dropped afterwards). */
export async function storeBackends(): Promise<StoreBackend[]> {
  const dirs: string[] = [];
  const schemas: string[] = [];
  const sqlite: StoreBackend = {
    name: 'sqlite',
    skipReason: undefined,
    freshLocation: () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'cf-store-'));
      dirs.push(dir);
      return { kind: 'sqlite', file: path.join(dir, 'store.sqlite') };
    },
    open: (location) => openDatabase(location),
    dropAll: async () => {
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
  const postgres: StoreBackend = {
    name: 'postgres',
    skipReason: await postgresUnavailable(),
    freshLocation: () => {
      const schema = `cf_test_${process.pid}_${randomBytes(4).toString('hex')}`;
      schemas.push(schema);
      return { kind: 'postgres', url: TEST_POSTGRES_URL, schema };
    },
    open: (location) => openDatabase(location),
    dropAll: async () => {
      if (schemas.length === 0) return;
      const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await client.connect();
      try {
        for (const schema of schemas.splice(0)) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
  return [sqlite, postgres];
}
