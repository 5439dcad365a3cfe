import { sql } from 'drizzle-orm';
import { migrationsDir } from '../../paths';
import { sqliteExecutor } from '../../store/sqlite/executor';
import { openSqlite } from '../../store/sqlite/open';
import { createSqlQueue } from '../sql-queue';
import type { JobQueue } from '../types';

export const QUEUE_MIGRATIONS = migrationsDir('queue');

/**
 * The queue in a SQLite file of its own (`bot.queue.sqlite` beside `bot.sqlite`): an acknowledgement's
 * write never waits behind the indexer's long transactions in the store. An acknowledging
 * connection syncs every commit to disk (`synchronous = FULL`): an acknowledged question survives a
 * power cut, not only a crash. A worker's connection (`durable: false`) does not: its claims,
 * renewals and ends are redone after a power cut at worst, and it holds the write lock shorter.
 * Claims run in an IMMEDIATE transaction, so two workers never take the same job.
 */
export function openSqliteQueue(file: string, opts: { durable?: boolean } = {}): JobQueue {
  const conn = openSqlite(file, QUEUE_MIGRATIONS, {
    synchronous: opts.durable === false ? 'NORMAL' : 'FULL',
  });
  const exec = sqliteExecutor(conn);
  return createSqlQueue(exec, {
    rowLock: sql``,
    lockMember: async () => {},
    async close() {
      if (conn.open) conn.close();
    },
  });
}
