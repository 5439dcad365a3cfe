import type { DatabaseSetting } from '../config';
import type { JobQueue } from '../queue/types';
import type { Store } from './types';

// Each dialect's modules (and its driver: better-sqlite3 or pg) are imported only when that
// dialect is chosen, so a process loads one of them (src/roles/processes.ts explains why).
const sqlite = async () => ({
  ...(await import('./sqlite/open')),
  ...(await import('../queue/sqlite/open')),
});
const postgres = async () => ({
  ...(await import('./postgres/open')),
  ...(await import('../queue/postgres/open')),
});

/** The store and the queue of deferred interactions, in one database setting. */
export interface Database {
  store: Store;
  queue: JobQueue;
  close(): Promise<void>;
}

/**
 * The store `DATABASE_URL` names (a SQLite file by default, or PostgreSQL) and its queue. The only
 * place that chooses the dialect; everything else holds a `Store` and a `JobQueue`. Rejects with
 * one clear line when the database cannot be opened.
 */
export async function openDatabase(
  database: DatabaseSetting,
  opts: {
    onIdleError?: (err: Error) => void;
    /** Something the operator should fix but that does not stop the start (a pooler refusing statement_timeout). */
    onWarning?: (message: string) => void;
    /** False for a worker's connection: only acknowledgements need every queue write synced to disk. */
    durableQueue?: boolean;
  } = {},
): Promise<Database> {
  if (database.kind === 'sqlite') {
    const { openSqliteStore, openSqliteQueue } = await sqlite();
    const store = openSqliteStore(database.path);
    const queue = openSqliteQueue(database.queuePath, { durable: opts.durableQueue !== false });
    return {
      store,
      queue,
      async close() {
        await queue.close();
        await store.close();
      },
    };
  }
  const { openPostgresStore, openPostgresQueue } = await postgres();
  const { store, pool } = await openPostgresStore(database.url, opts);
  const queue = openPostgresQueue(pool);
  return {
    store,
    queue,
    async close() {
      await queue.close();
      await store.close();
    },
  };
}

/**
 * Only the store: tools that never queue anything, and ROLE=all's worker thread (whose queue is
 * the main thread's). `opts` as for `openDatabase`.
 */
export async function openStore(
  database: DatabaseSetting,
  opts: Pick<Parameters<typeof openDatabase>[1] & {}, 'onIdleError' | 'onWarning'> = {},
): Promise<Store> {
  if (database.kind === 'sqlite') return (await sqlite()).openSqliteStore(database.path);
  return (await (await postgres()).openPostgresStore(database.url, opts)).store;
}
