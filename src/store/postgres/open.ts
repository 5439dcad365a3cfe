import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { migrationsDir } from '../../paths';
import { describeDatabaseUrl, storeError } from '../errors';
import { acquireRunLock } from '../queries/lock';
import { createStore } from '../queries/store';
import type { Store } from '../types';
import { postgresExecutor } from './executor';
import { postgresKeywords } from './keywords';
import { LOCK_NAMESPACE, MIGRATION_LOCK } from './lock';

export const POSTGRES_MIGRATIONS = migrationsDir('postgres');

/** int8 (counts, unix-ms times) as JS numbers: every value the product stores fits in 2^53. */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20) return (v: string) => Number(v);
    return format === undefined ? pg.types.getTypeParser(oid) : pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/**
 * A pool for `url`; its idle connections' errors (a restarted server) are reported, never thrown.
 * `statementTimeout`: sent as the `statement_timeout` startup parameter, which a pooler such as
 * PgBouncer refuses ("unsupported startup parameter"); see openPostgresStore.
 */
export function createPool(
  url: string,
  onIdleError: (err: Error) => void,
  max = 10,
  statementTimeout = true,
): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    types,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    // A query that hangs (a lock, a lost server) ends instead of holding an answer forever.
    ...(statementTimeout ? { statement_timeout: STATEMENT_TIMEOUT_MS } : {}),
    application_name: 'discord-history-ask',
  });
  pool.on('error', onIdleError);
  return pool;
}

const STATEMENT_TIMEOUT_MS = 60_000;

/** PgBouncer's refusal of a startup parameter it does not know (statement_timeout). */
const isRefusedStartupParameter = (err: unknown) =>
  err instanceof Error && /unsupported startup parameter/i.test(err.message);

/** PgBouncer in statement mode refuses every multi-statement transaction. */
const isStatementPooling = (err: unknown) =>
  err instanceof Error && /transaction blocks not allowed in statement pooling mode/i.test(err.message);

/** The one line for a pooler in statement mode: the product needs transactions. */
export const STATEMENT_POOLING =
  'DATABASE_URL points at a connection pooler in statement mode (PgBouncer pool_mode = statement), which refuses transactions: use pool_mode = transaction or session, or connect to PostgreSQL directly';

/**
 * Applies the drizzle-kit migrations of migrations/postgres once, whichever process starts first,
 * in one transaction that first takes a transaction-scoped advisory lock: the others wait on it and
 * then find nothing left to apply. One transaction keeps the lock, the check and the migrations on
 * one server session also behind a transaction pooler (PgBouncer in transaction mode), where a
 * session lock could be left held or taken twice. The bookkeeping is drizzle's own
 * (`drizzle.__drizzle_migrations`, one row per applied migration), so databases migrated by
 * drizzle's migrator go on from where they are.
 */
export async function migratePostgres(pool: pg.Pool): Promise<void> {
  const migrations = readMigrationFiles({ migrationsFolder: POSTGRES_MIGRATIONS });
  // A client of its own with an error listener: a pooler that ends the connection (PgBouncer in
  // statement mode does, on BEGIN) must fail the start, not crash the process.
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (err: Error) => {
    broken ??= err;
  };
  client.on('error', onError);
  try {
    await migrateOn(client, migrations);
  } finally {
    client.off('error', onError);
    client.release(broken ?? false);
  }
}

async function migrateOn(client: pg.PoolClient, migrations: ReturnType<typeof readMigrationFiles>) {
  await drizzle(client).transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${LOCK_NAMESPACE}, ${MIGRATION_LOCK})`);
    await tx.execute(sql`CREATE SCHEMA IF NOT EXISTS "drizzle"`);
    await tx.execute(sql`
      CREATE TABLE IF NOT EXISTS "drizzle"."__drizzle_migrations" (
        id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)`);
    const { rows } = await tx.execute<{ created_at: unknown }>(
      sql`SELECT created_at FROM "drizzle"."__drizzle_migrations" ORDER BY created_at DESC LIMIT 1`,
    );
    const last = rows[0] === undefined ? undefined : Number(rows[0].created_at);
    for (const m of migrations) {
      if (last !== undefined && last >= m.folderMillis) continue;
      for (const statement of m.sql) await tx.execute(sql.raw(statement));
      await tx.execute(
        sql`INSERT INTO "drizzle"."__drizzle_migrations" ("hash", "created_at") VALUES (${m.hash}, ${m.folderMillis})`,
      );
    }
  });
}

/**
 * The PostgreSQL store at `url`, migrated. Rejects with one clear line (no password) when the
 * server cannot be reached, the migrations fail, or the URL names a pooler in statement mode.
 * Behind a pooler that refuses `statement_timeout` as a startup parameter (PgBouncer), it connects
 * without it and says so through `onWarning` (set it on the role instead:
 * `ALTER ROLE … SET statement_timeout = '60s'`).
 */
export async function openPostgresStore(
  url: string,
  opts: {
    onIdleError?: (err: Error) => void;
    onWarning?: (message: string) => void;
    maxConnections?: number;
  } = {},
): Promise<{ store: Store; pool: pg.Pool }> {
  const onIdleError = opts.onIdleError ?? (() => {});
  let pool = createPool(url, onIdleError, opts.maxConnections);
  try {
    try {
      await migratePostgres(pool);
    } catch (err) {
      if (!isRefusedStartupParameter(err)) throw err;
      await pool.end().catch(() => {});
      pool = createPool(url, onIdleError, opts.maxConnections, false);
      opts.onWarning?.(
        `the database connection (a pooler such as PgBouncer?) refuses statement_timeout as a startup parameter: connected without it; set it on the role instead (ALTER ROLE … SET statement_timeout = '${STATEMENT_TIMEOUT_MS / 1000}s') so a hung query cannot hold an answer`,
      );
      await migratePostgres(pool);
    }
  } catch (err) {
    await pool.end().catch(() => {});
    if (isStatementPooling(err) || (err instanceof Error && isStatementPooling(err.cause))) {
      throw new Error(`${STATEMENT_POOLING} (${describeDatabaseUrl(url)}).`, { cause: err });
    }
    const e = storeError(err, `starting with PostgreSQL at ${describeDatabaseUrl(url)}`);
    throw new Error(`${e.message}; check DATABASE_URL and that the server is running.`, { cause: err });
  }
  const db = drizzle(pool);
  const exec = postgresExecutor(db);
  const store = createStore(exec, {
    keywords: postgresKeywords(),
    acquireLock: (o) => acquireRunLock(exec, o),
    async close() {
      await pool.end();
    },
  });
  return { store, pool };
}
