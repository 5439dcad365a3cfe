import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { describeDatabaseUrl, storeError } from '../errors';
import { createStore } from '../queries/store';
import type { Store } from '../types';
import { postgresExecutor } from './executor';
import { postgresKeywords } from './keywords';
import { acquirePostgresLock, LOCK_NAMESPACE, MIGRATION_LOCK } from './lock';

export const POSTGRES_MIGRATIONS = fileURLToPath(new URL('../../../migrations/postgres', import.meta.url));

/** int8 (counts, unix-ms times) as JS numbers: every value the product stores fits in 2^53. */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20) return (v: string) => Number(v);
    return format === undefined ? pg.types.getTypeParser(oid) : pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/** A pool for `url`; its idle connections' errors (a restarted server) are reported, never thrown. */
export function createPool(url: string, onIdleError: (err: Error) => void, max = 10): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    types,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    // A query that hangs (a lock, a lost server) ends instead of holding an answer forever.
    statement_timeout: 60_000,
    application_name: 'discord-history-ask',
  });
  pool.on('error', onIdleError);
  return pool;
}

/**
 * Applies the drizzle-kit migrations of migrations/postgres once, whichever process starts first:
 * the others wait on the same advisory lock and then find nothing left to apply.
 */
export async function migratePostgres(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1, $2)', [LOCK_NAMESPACE, MIGRATION_LOCK]);
    try {
      await migrate(drizzle(client), { migrationsFolder: POSTGRES_MIGRATIONS });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, $2)', [LOCK_NAMESPACE, MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}

/**
 * The PostgreSQL store at `url`, migrated. Rejects with one clear line (no password) when the
 * server cannot be reached or the migrations fail.
 */
export async function openPostgresStore(
  url: string,
  opts: { onIdleError?: (err: Error) => void; maxConnections?: number } = {},
): Promise<{ store: Store; pool: pg.Pool }> {
  const pool = createPool(url, opts.onIdleError ?? (() => {}), opts.maxConnections);
  try {
    await migratePostgres(pool);
  } catch (err) {
    await pool.end().catch(() => {});
    const e = storeError(err, `starting with PostgreSQL at ${describeDatabaseUrl(url)}`);
    throw new Error(`${e.message}; check DATABASE_URL and that the server is running.`, { cause: err });
  }
  const db = drizzle(pool);
  const exec = postgresExecutor(db);
  const store = createStore(exec, {
    keywords: postgresKeywords(),
    acquireLock: (o) => acquirePostgresLock(pool, exec, o),
    async close() {
      await pool.end();
    },
  });
  return { store, pool };
}
