import type Database from 'better-sqlite3';
import { type SQL, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { storeError } from '../errors';
import type { Executor } from '../sql';

/** How long a statement may wait, in all, for another connection's write lock before it fails. */
export const LOCK_WAIT_MS = 5_000;

const isBusy = (err: unknown) =>
  typeof err === 'object' && err !== null && 'code' in err && /^SQLITE_(BUSY|LOCKED)/.test(String(err.code));

/**
 * The shared queries over one better-sqlite3 connection. Calls run synchronously; a transaction
 * holds the connection from `BEGIN IMMEDIATE` to its end, and any other call made meanwhile (by
 * another task between the transaction's awaits) waits for it instead of slipping into it.
 *
 * The connection's own busy timeout is 0 (see `openSqlite`): when another connection (another
 * process, or the other thread of ROLE=all) holds the write lock, a statement fails at once with
 * SQLITE_BUSY and is tried again after an asynchronous pause, so the wait never blocks this
 * thread's event loop (the acknowledgements of other interactions go on meanwhile). Writes
 * outside a transaction go through one, so they wait the same way.
 *
 * With `groupCommit` (the acknowledging connection of the queue, `synchronous = FULL`): the
 * transactions that start while one is being written join it, each in a savepoint of its own,
 * one after the other, and every one of them resolves only after the one COMMIT that ends them
 * all, run once the event loop has read every request that was waiting (setImmediate). Under load
 * the sync to disk is paid once per batch instead of once per acknowledgement, and requests that
 * arrived during one sync are written together by the next; alone, a transaction commits at once.
 */
export function sqliteExecutor(conn: Database.Database, opts: { groupCommit?: boolean } = {}): Executor {
  const db = drizzle(conn);
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
  /**
   * `f`, tried again while the database is locked by someone else: three times at the next turn of
   * the event loop (another connection's write is usually over within a fraction of a millisecond,
   * and a timer never fires sooner than 1 ms), then after 1, 2, 4 … 25 ms pauses.
   */
  const patiently = async <T>(f: () => T): Promise<T> => {
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (let attempt = 0, pause = 1; ; attempt++) {
      try {
        return f();
      } catch (err) {
        if (!isBusy(err) || Date.now() > deadline) throw storeError(err, 'query');
        if (attempt < 3) await new Promise((resolve) => setImmediate(resolve));
        else {
          await new Promise((resolve) => setTimeout(resolve, pause));
          pause = Math.min(pause * 2, 25);
        }
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
    transaction(fn) {
      return opts.groupCommit ? batched(fn) : alone(fn);
    },
  };

  /** One transaction of its own: BEGIN IMMEDIATE … COMMIT. */
  const alone: Executor['transaction'] = async (fn) => {
    // Checked and taken with no await in between, so two transactions never both pass.
    while (gate !== undefined) await gate;
    let release = () => {};
    gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    try {
      await patiently(() => conn.exec('BEGIN IMMEDIATE'));
      try {
        const value = await fn(inside);
        conn.exec('COMMIT');
        return value;
      } catch (err) {
        if (conn.inTransaction) conn.exec('ROLLBACK');
        throw err;
      }
    } finally {
      gate = undefined;
      release();
    }
  };

  interface Batch {
    /** The members so far, one after the other (BEGIN first). */
    tail: Promise<unknown>;
    /** Settles with the COMMIT. */
    committed: Promise<void>;
  }
  let batch: Batch | undefined;
  const openBatch = (): Batch => {
    let settle: (err?: unknown) => void = () => {};
    const committed = new Promise<void>((resolve, reject) => {
      settle = (err) => (err === undefined ? resolve() : reject(err));
    });
    committed.catch(() => {});
    const b: Batch = {
      committed,
      tail: (async () => {
        while (gate !== undefined) await gate;
        gate = committed.catch(() => {});
        await patiently(() => conn.exec('BEGIN IMMEDIATE'));
      })(),
    };
    b.tail.catch(() => {});
    batch = b;
    setImmediate(() => {
      // Later transactions open the next batch (it waits for this one through `gate`).
      batch = undefined;
      void b.tail
        .then(
          () => {
            try {
              conn.exec('COMMIT');
              settle();
            } catch (err) {
              if (conn.inTransaction) conn.exec('ROLLBACK');
              settle(storeError(err, 'query'));
            }
          },
          (err: unknown) => settle(err),
        )
        .finally(() => {
          gate = undefined;
        });
    });
    return b;
  };
  /** A member of the open batch (or of a new one): its own savepoint, resolved after the COMMIT. */
  const batched: Executor['transaction'] = async (fn) => {
    const b = batch ?? openBatch();
    const member = b.tail.then(async () => {
      conn.exec('SAVEPOINT member');
      try {
        const value = await fn(inside);
        conn.exec('RELEASE member');
        return value;
      } catch (err) {
        if (conn.inTransaction) {
          conn.exec('ROLLBACK TO member');
          conn.exec('RELEASE member');
        }
        throw err;
      }
    });
    b.tail = member.catch(() => {});
    const value = await member;
    await b.committed;
    return value;
  };
  return outside;
}
