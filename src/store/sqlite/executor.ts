import type Database from 'better-sqlite3';
import { type SQL, sql } from 'drizzle-orm';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import { storeError } from '../errors';
import type { Executor } from '../sql';

/** How long a statement may wait, in all, for another connection's write lock before it fails. */
export const LOCK_WAIT_MS = 5_000;

/** Prepared statements kept per connection (the queries are fixed texts; the least recently used go first). */
const STATEMENT_CACHE = 256;
/** Statements with more parameters than this (batch inserts) are not kept. */
const MAX_CACHED_PARAMS = 32;

const dialect = new SQLiteSyncDialect();

const napCell = new Int32Array(new SharedArrayBuffer(4));
/** Blocks this thread for `ms` (fractions too) in a futex wait, which leaves the core to whoever holds the lock. */
const nap = (ms: number) => Atomics.wait(napCell, 0, 0, ms);
/**
 * Short blocking waits (0.75 ms in all) before the asynchronous pauses: another connection's write
 * is mostly a commit of some hundred µs, and a timer cannot wait less than 1 ms. In the ack bench's
 * endpoint, 15 of 15 waits ended within them (0.8 ms at most), where each had taken a 1 ms timer.
 */
const QUICK_NAPS_MS = [0.05, 0.1, 0.2, 0.4];

const isBusy = (err: unknown) =>
  typeof err === 'object' && err !== null && 'code' in err && /^SQLITE_(BUSY|LOCKED)/.test(String(err.code));

/**
 * The shared queries over one better-sqlite3 connection. Calls run synchronously; a transaction
 * holds the connection from `BEGIN IMMEDIATE` to its end, and any other call made meanwhile (by
 * another task between the transaction's awaits) waits for it instead of slipping into it.
 *
 * The connection's own busy timeout is 0 (see `openSqlite`): when another connection (another
 * process, or the other thread of ROLE=all) holds the write lock, a statement fails at once with
 * SQLITE_BUSY and is tried again after a few short naps (under 1 ms in all, see QUICK_NAPS_MS),
 * then after asynchronous pauses, so a long wait never blocks this thread's event loop (the
 * acknowledgements of other interactions go on meanwhile). Writes outside a transaction go
 * through one, so they wait the same way. `opts.naps`: the naps' lengths, ms (tests).
 */
export function sqliteExecutor(conn: Database.Database, opts: { naps?: readonly number[] } = {}): Executor {
  const naps = opts.naps ?? QUICK_NAPS_MS;
  const statements = new Map<string, Database.Statement>();
  /**
   * The query's text and parameters (drizzle's SQLite dialect) with its statement, prepared once
   * per connection and kept (least recently used out). drizzle's one-time queries prepared anew on
   * every call: 4.9 % of the acknowledging thread's samples under load, and `queue.enqueue` took
   * 144 to 151 µs of CPU a call against 65 to 93 µs with the statements kept.
   */
  const prepared = (q: SQL) => {
    const { sql: text, params } = dialect.sqlToQuery(q);
    // Multi-row inserts change text with their row count, and each is large: prepared per call.
    if (params.length > MAX_CACHED_PARAMS) return { stmt: conn.prepare(text), params };
    let stmt = statements.get(text);
    if (stmt === undefined) {
      stmt = conn.prepare(text);
      if (statements.size >= STATEMENT_CACHE) {
        const oldest = statements.keys().next();
        if (oldest.done !== true) statements.delete(oldest.value);
      }
    } else statements.delete(text);
    statements.set(text, stmt);
    return { stmt, params };
  };
  const db = {
    all<T>(q: SQL): T[] {
      const { stmt, params } = prepared(q);
      return stmt.all(...params) as T[];
    },
    get<T>(q: SQL): T | undefined {
      const { stmt, params } = prepared(q);
      return stmt.get(...params) as T | undefined;
    },
    run(q: SQL) {
      const { stmt, params } = prepared(q);
      return stmt.run(...params);
    },
  };
  const begin = conn.prepare('BEGIN IMMEDIATE');
  const commit = conn.prepare('COMMIT');
  const rollback = conn.prepare('ROLLBACK');
  let gate: Promise<void> | undefined;
  const common = {
    dialect: 'sqlite' as const,
    inList: (column: SQL, values: readonly string[]) =>
      sql`${column} IN (SELECT value FROM json_each(${JSON.stringify(values)}))`,
    bool: (v: boolean) => sql`${v ? 1 : 0}`,
    // julianday('now') has millisecond precision and is fixed for the whole statement.
    now: sql`CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER)`,
  };
  /** A driver failure (locked past LOCK_WAIT_MS, disk full, a corrupt file) as a StoreError. */
  const guard = <T>(f: () => T): T => {
    try {
      return f();
    } catch (err) {
      throw storeError(err, 'query');
    }
  };
  /** `f`, tried again after naps of 0.05 to 0.4 ms, then pauses of 1, 2, 4 … 25 ms, while the database is locked by someone else. */
  const patiently = async <T>(f: () => T): Promise<T> => {
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (let attempt = 0, pause = 1; ; attempt++) {
      try {
        return f();
      } catch (err) {
        if (!isBusy(err) || Date.now() > deadline) throw storeError(err, 'query');
      }
      const ms = naps[attempt];
      if (ms !== undefined) nap(ms);
      else {
        await new Promise((resolve) => setTimeout(resolve, pause));
        pause = Math.min(pause * 2, 25);
      }
    }
  };
  const inside: Executor = {
    ...common,
    all: async <T>(q: SQL) => guard(() => db.all<T>(q)),
    get: async <T>(q: SQL) => guard(() => db.get<T>(q)),
    run: async (q) => guard(() => db.run(q).changes),
    // Already in a transaction: the work joins it.
    transaction: (fn) => fn(inside),
  };
  const outside: Executor = {
    ...common,
    async all<T>(q: SQL) {
      while (gate !== undefined) await gate;
      return patiently(() => db.all<T>(q));
    },
    async get<T>(q: SQL) {
      while (gate !== undefined) await gate;
      return patiently(() => db.get<T>(q));
    },
    run: (q) => outside.transaction((tx) => tx.run(q)),
    async transaction(fn) {
      // Checked and taken with no await in between, so two transactions never both pass.
      while (gate !== undefined) await gate;
      let release = () => {};
      gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      try {
        await patiently(() => begin.run());
        try {
          const value = await fn(inside);
          commit.run();
          return value;
        } catch (err) {
          if (conn.inTransaction) rollback.run();
          throw err;
        }
      } finally {
        gate = undefined;
        release();
      }
    },
  };
  return outside;
}
