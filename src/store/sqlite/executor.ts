import type Database from 'better-sqlite3';
import { type SQL, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { storeError } from '../errors';
import type { Executor } from '../sql';

/**
 * The shared queries over one better-sqlite3 connection. Calls run synchronously; a transaction
 * holds the connection from `BEGIN IMMEDIATE` to its end, and any other call made meanwhile (by
 * another task between the transaction's awaits) waits for it instead of slipping into it.
 */
export function sqliteExecutor(conn: Database.Database): Executor {
  const db = drizzle(conn);
  let gate: Promise<void> | undefined;
  const common = {
    dialect: 'sqlite' as const,
    inList: (column: SQL, values: readonly string[]) =>
      sql`${column} IN (SELECT value FROM json_each(${JSON.stringify(values)}))`,
    bool: (v: boolean) => sql`${v ? 1 : 0}`,
  };
  /** A driver failure (locked past the busy timeout, disk full, a corrupt file) as a StoreError. */
  const guard = <T>(f: () => T): T => {
    try {
      return f();
    } catch (err) {
      throw storeError(err, 'query');
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
  return {
    ...common,
    async all<T>(q: SQL) {
      while (gate !== undefined) await gate;
      return guard(() => db.all<T>(q));
    },
    async get<T>(q: SQL) {
      while (gate !== undefined) await gate;
      return guard(() => db.get<T>(q));
    },
    async run(q) {
      while (gate !== undefined) await gate;
      return guard(() => db.run(q).changes);
    },
    async transaction(fn) {
      // Checked and taken with no await in between, so two transactions never both pass.
      while (gate !== undefined) await gate;
      let release = () => {};
      gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      try {
        guard(() => conn.exec('BEGIN IMMEDIATE'));
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
    },
  };
}
