import { existsSync, realpathSync } from 'node:fs';
import type Database from 'better-sqlite3';
import type pg from 'pg';
import { QUEUE_MIGRATIONS } from '../queue/sqlite/open';
import { describeDatabaseUrl, storeError } from '../store/errors';
import { LOCK_NAMESPACE } from '../store/postgres/lock';
import { createPool, migratePostgres } from '../store/postgres/open';
import { openSqlite, SQLITE_MIGRATIONS } from '../store/sqlite/open';
import { migrationPlan, postgresTables, type TableMove } from './store-tables';

// `npm run migrate-store`: a SQLite store and its queue moved into an empty PostgreSQL database.
// Migrations are applied there first; each table is copied in batches in its primary key's order,
// each batch in one transaction together with the position it reached (in the target's
// askbot_migrate_store table), so a run killed at any point continues where it stopped; the counts
// of every table are compared at the end, and only then is the progress table dropped.

/** The advisory lock (with LOCK_NAMESPACE) that keeps two moves into one database apart. */
const MOVE_LOCK = 3;
const PROGRESS = 'askbot_migrate_store';
/** PostgreSQL takes at most 65,535 parameters per statement; stay well under. */
const MAX_PARAMS = 30_000;

export class StoreMoveError extends Error {
  override name = 'StoreMoveError';
}

export interface MoveProgress {
  table: string;
  copied: number;
  total: number;
}

export interface MoveOptions {
  source: { path: string; queuePath: string };
  /** postgres://… of the target database (must exist; empty, or holding this source's unfinished move). */
  targetUrl: string;
  /** Rows per batch (one transaction each); default 2000, fewer for wide tables. */
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (p: MoveProgress) => void;
}

export interface MoveResult {
  /** Rows of each table, in copy order (equal on both sides: verified). */
  tables: { name: string; rows: number }[];
  /** Rows this run copied (less than the total when it resumed a killed run). */
  copied: number;
  ms: number;
  /** Set when an earlier run had copied part of it. */
  resumed: boolean;
}

const q = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

interface Sources {
  store: Database.Database;
  queue: Database.Database | undefined;
  close(): void;
}

function openSources(source: MoveOptions['source']): Sources {
  if (!existsSync(source.path))
    throw new StoreMoveError(`there is no SQLite store at ${source.path}: check DATABASE_URL and DATA_DIR`);
  // The same migrations `npm start` applies: the columns are then exactly the schema's.
  const store = openSqlite(source.path, SQLITE_MIGRATIONS);
  const queue = existsSync(source.queuePath) ? openSqlite(source.queuePath, QUEUE_MIGRATIONS) : undefined;
  return {
    store,
    queue,
    close() {
      store.close();
      queue?.close();
    },
  };
}

function sourceCount(src: Sources, t: TableMove): number {
  const db = t.file === 'store' ? src.store : src.queue;
  if (db === undefined) return 0;
  return (db.prepare(`SELECT count(*) AS n FROM ${q(t.name)}`).get() as { n: number }).n;
}

/** Whether the target holds anything; names up to three tables with rows. */
async function filledTables(client: pg.PoolClient): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables
     WHERE schemaname NOT IN ('pg_catalog', 'information_schema', 'drizzle')`,
  );
  const filled: string[] = [];
  for (const { name } of rows) {
    const r = await client.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${name}) AS any`);
    if (r.rows[0]?.any === true) filled.push(`${name.replace(/^public\./, '')} has rows`);
  }
  return filled;
}

/**
 * Moves the SQLite store and queue of `opts.source` into the PostgreSQL database `opts.targetUrl`.
 * Resolves with the verified counts; rejects with a StoreMoveError saying what to do (a target that
 * holds other data, a count that differs, a schema table without a PostgreSQL twin).
 */
export async function moveStore(opts: MoveOptions): Promise<MoveResult> {
  const started = performance.now();
  const { tables, problems } = migrationPlan();
  if (problems.length > 0) throw new StoreMoveError(`the schemas do not match: ${problems.join('; ')}`);
  const fingerprint = realpathOrSelf(opts.source.path);
  const src = openSources(opts.source);
  const pool = createPool(opts.targetUrl, () => {}, 2);
  let client: pg.PoolClient | undefined;
  try {
    try {
      client = await pool.connect();
    } catch (err) {
      throw new StoreMoveError(
        `${storeError(err, `connecting to ${describeDatabaseUrl(opts.targetUrl)}`).message}; check the --to URL and that the server runs`,
      );
    }
    const locked = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [
      LOCK_NAMESPACE,
      MOVE_LOCK,
    ]);
    if (locked.rows[0]?.ok !== true)
      throw new StoreMoveError('another migrate-store is moving a store into this database right now');

    const resumed = await prepareTarget(client, pool, fingerprint);
    let copied = 0;
    for (const t of tables) copied += await copyTable(client, src, t, opts);
    await moveSequences(client, tables);
    const counts = await verify(client, src, tables);
    await client.query(`DROP TABLE ${PROGRESS}`);
    // Freshly loaded tables have no planner statistics until autovacuum gets to them: the first
    // /insights or keyword search would run on guessed plans (a 30 ms report took 1 s that way).
    await client.query('ANALYZE');
    return { tables: counts, copied, ms: performance.now() - started, resumed };
  } finally {
    client?.release();
    await pool.end().catch(() => {});
    src.close();
  }
}

function realpathOrSelf(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

/**
 * Makes the target ready: either it holds this source's unfinished move (resume), or it is empty,
 * in which case the migrations are applied and the progress table is created. Resolves to whether
 * it resumes.
 */
async function prepareTarget(client: pg.PoolClient, pool: pg.Pool, fingerprint: string): Promise<boolean> {
  const { rows } = await client.query<{ exists: string | null }>('SELECT to_regclass($1) AS exists', [
    PROGRESS,
  ]);
  if (rows[0]?.exists !== null && rows[0]?.exists !== undefined) {
    const header = await client.query<{ source: string }>(
      `SELECT source FROM ${PROGRESS} WHERE table_name = ''`,
    );
    const from = header.rows[0]?.source;
    if (from !== fingerprint)
      throw new StoreMoveError(
        `the target holds an unfinished move from another store (${from ?? 'unknown'}); move into a new, empty database instead`,
      );
    await migratePostgres(pool);
    return true;
  }
  const filled = await filledTables(client);
  if (filled.length > 0)
    throw new StoreMoveError(
      `the target database is not empty (${filled.slice(0, 3).join(', ')}${filled.length > 3 ? ', …' : ''}); migrate-store fills only an empty database: create one (createdb askbot) and give its URL`,
    );
  await migratePostgres(pool);
  await client.query(
    `CREATE TABLE ${PROGRESS} (table_name text PRIMARY KEY, source text NOT NULL DEFAULT '',
       last_key text, copied bigint NOT NULL DEFAULT 0, done boolean NOT NULL DEFAULT false, updated_at bigint)`,
  );
  await client.query(`INSERT INTO ${PROGRESS} (table_name, source, updated_at) VALUES ('', $1, $2)`, [
    fingerprint,
    Date.now(),
  ]);
  return false;
}

/** Copies one table from where an earlier run stopped; resolves to the rows this run copied. */
async function copyTable(
  client: pg.PoolClient,
  src: Sources,
  t: TableMove,
  opts: MoveOptions,
): Promise<number> {
  await client.query(`INSERT INTO ${PROGRESS} (table_name) VALUES ($1) ON CONFLICT (table_name) DO NOTHING`, [
    t.name,
  ]);
  const state = await client.query<{ last_key: string | null; copied: string; done: boolean }>(
    `SELECT last_key, copied, done FROM ${PROGRESS} WHERE table_name = $1`,
    [t.name],
  );
  const row = state.rows[0];
  if (row?.done === true) return 0;
  const total = sourceCount(src, t);
  let copiedSoFar = Number(row?.copied ?? 0);
  const db = t.file === 'store' ? src.store : src.queue;
  if (db === undefined || total === 0) {
    await client.query(`UPDATE ${PROGRESS} SET done = true WHERE table_name = $1`, [t.name]);
    opts.onProgress?.({ table: t.name, copied: 0, total: 0 });
    return 0;
  }
  const keyCols = t.key.length > 0 ? t.key : ['rowid'];
  const names = t.columns.map((c) => c.name);
  const extra = keyCols.filter((k) => !names.includes(k));
  const selected = [...extra, ...names];
  const keyIndex = keyCols.map((k) => selected.indexOf(k));
  const batch = Math.max(
    1,
    Math.min(opts.batchSize ?? 2000, Math.floor(MAX_PARAMS / Math.max(1, names.length))),
  );
  const order = keyCols.map(q).join(', ');
  const first = db
    .prepare(`SELECT ${selected.map(q).join(', ')} FROM ${q(t.name)} ORDER BY ${order} LIMIT ?`)
    .raw();
  const after = db
    .prepare(
      `SELECT ${selected.map(q).join(', ')} FROM ${q(t.name)} WHERE (${order}) > (${keyCols.map(() => '?').join(', ')}) ORDER BY ${order} LIMIT ?`,
    )
    .raw();
  let last: unknown[] | undefined = row?.last_key ? (JSON.parse(row.last_key) as unknown[]) : undefined;
  let copied = 0;
  for (;;) {
    if (opts.signal?.aborted) throw new StoreMoveError('stopped');
    const rows = (last === undefined ? first.all(batch) : after.all(...last, batch)) as unknown[][];
    if (rows.length === 0) break;
    const values: unknown[] = [];
    const tuples: string[] = [];
    for (const r of rows) {
      const placeholders: string[] = [];
      t.columns.forEach((c, i) => {
        values.push(c.convert(r[extra.length + i]));
        placeholders.push(`$${values.length}`);
      });
      tuples.push(`(${placeholders.join(', ')})`);
    }
    const lastRow = rows[rows.length - 1] as unknown[];
    last = keyIndex.map((i) => lastRow[i]);
    await client.query('BEGIN');
    try {
      await client.query(
        `INSERT INTO ${q(t.name)} (${names.map(q).join(', ')}) VALUES ${tuples.join(', ')}`,
        values,
      );
      await client.query(
        `UPDATE ${PROGRESS} SET last_key = $1, copied = copied + $2, updated_at = $3 WHERE table_name = $4`,
        [JSON.stringify(last), rows.length, Date.now(), t.name],
      );
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw new StoreMoveError(`copying ${t.name} failed: ${storeError(err, `table ${t.name}`).message}`);
    }
    copied += rows.length;
    copiedSoFar += rows.length;
    opts.onProgress?.({ table: t.name, copied: copiedSoFar, total });
    if (rows.length < batch) break;
  }
  await client.query(`UPDATE ${PROGRESS} SET done = true WHERE table_name = $1`, [t.name]);
  return copied;
}

/** Serial columns (index_runs.id) continue after the copied ids, not from 1. */
async function moveSequences(client: pg.PoolClient, tables: TableMove[]): Promise<void> {
  for (const t of tables) {
    for (const col of t.serials) {
      await client.query(
        `SELECT setval(pg_get_serial_sequence($1, $2), coalesce((SELECT max(${q(col)}) FROM ${q(t.name)}), 1),
                       (SELECT max(${q(col)}) FROM ${q(t.name)}) IS NOT NULL)`,
        [t.name, col],
      );
    }
  }
}

/** Every table's rows counted on both sides; a difference fails the move (the progress table stays). */
async function verify(
  client: pg.PoolClient,
  src: Sources,
  tables: TableMove[],
): Promise<{ name: string; rows: number }[]> {
  const out: { name: string; rows: number }[] = [];
  const wrong: string[] = [];
  for (const t of tables) {
    const expected = sourceCount(src, t);
    const r = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${q(t.name)}`);
    const got = Number(r.rows[0]?.n ?? 0);
    if (got !== expected) wrong.push(`${t.name}: ${expected} in SQLite, ${got} in PostgreSQL`);
    out.push({ name: t.name, rows: got });
  }
  if (wrong.length > 0)
    throw new StoreMoveError(
      `the counts differ (${wrong.join('; ')}): was the bot running during the move? Stop it, drop and create the target database, and move again`,
    );
  return out;
}

/** The PostgreSQL tables the schema declares that the move does not fill (PostgreSQL-only tables). */
export function postgresOnlyTables(): string[] {
  const moved = new Set(migrationPlan().tables.map((t) => t.name));
  return [...postgresTables().keys()].filter((n) => !moved.has(n));
}
