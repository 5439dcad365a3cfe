import { type SQL, sql } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { storeError } from '../errors';
import type { Executor } from '../sql';

interface Runner {
  execute(q: SQL): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

/** Runs a query, turning a driver failure into a StoreError (DATABASE_UNAVAILABLE when the server is gone). */
async function execute(runner: Runner, q: SQL) {
  try {
    return await runner.execute(q);
  } catch (err) {
    throw storeError(err, 'query');
  }
}

/**
 * `runner` with its queries sent one after another, in call order: a transaction runs on one
 * connection, and node-postgres queues a query sent while another is in flight on it, which is
 * deprecated and removed in pg 9 ("Calling client.query() when the client is already executing a
 * query"). So shared queries may use `Promise.all` whether or not they run in a transaction.
 */
function oneAtATime(runner: Runner): Runner {
  let last: Promise<unknown> = Promise.resolve();
  return {
    execute(q) {
      const next = last.then(() => runner.execute(q));
      last = next.catch(() => {});
      return next;
    },
  };
}

/** The shared queries over a node-postgres pool (through drizzle); transactions take their own connection. */
export function postgresExecutor(db: NodePgDatabase): Executor {
  const make = (pooled: Runner, inTransaction: boolean): Executor => {
    const runner = inTransaction ? oneAtATime(pooled) : pooled;
    const exec: Executor = {
      dialect: 'postgres',
      all: async <T>(q: SQL) => (await execute(runner, q)).rows as T[],
      get: async <T>(q: SQL) => (await execute(runner, q)).rows[0] as T | undefined,
      run: async (q) => (await execute(runner, q)).rowCount ?? 0,
      transaction: inTransaction
        ? (fn) => fn(exec)
        : async (fn) => {
            try {
              return await db.transaction((tx) => fn(make(tx as unknown as Runner, true)));
            } catch (err) {
              throw storeError(err, 'transaction');
            }
          },
      inList: (column, values) => sql`${column} = ANY(${sql.param([...values])}::text[])`,
      bool: (v) => sql`${v}::boolean`,
      // statement_timestamp(): the server's clock when the statement arrived, fixed within it.
      now: sql`CAST(EXTRACT(EPOCH FROM statement_timestamp()) * 1000 AS BIGINT)`,
    };
    return exec;
  };
  return make(db as unknown as Runner, false);
}
