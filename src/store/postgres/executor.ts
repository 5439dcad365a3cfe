import { type SQL, sql } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { Executor } from '../sql';

interface Runner {
  execute(q: SQL): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

/** The shared queries over a node-postgres pool (through drizzle); transactions take their own connection. */
export function postgresExecutor(db: NodePgDatabase): Executor {
  const make = (runner: Runner, inTransaction: boolean): Executor => {
    const exec: Executor = {
      dialect: 'postgres',
      all: async <T>(q: SQL) => (await runner.execute(q)).rows as T[],
      get: async <T>(q: SQL) => (await runner.execute(q)).rows[0] as T | undefined,
      run: async (q) => (await runner.execute(q)).rowCount ?? 0,
      transaction: inTransaction
        ? (fn) => fn(exec)
        : (fn) => db.transaction((tx) => fn(make(tx as unknown as Runner, true))),
      inList: (column, values) => sql`${column} = ANY(${sql.param([...values])}::text[])`,
      bool: (v) => sql`${v}::boolean`,
    };
    return exec;
  };
  return make(db as unknown as Runner, false);
}
