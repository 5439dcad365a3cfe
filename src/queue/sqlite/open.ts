import { type SQL, sql } from 'drizzle-orm';
import { migrationsDir } from '../../paths';
import { sqliteExecutor } from '../../store/sqlite/executor';
import { openSqlite } from '../../store/sqlite/open';
import { type ClaimCandidates, createSqlQueue } from '../sql-queue';
import type { JobQueue } from '../types';

export const QUEUE_MIGRATIONS = migrationsDir('queue');

/**
 * The claim in SQLite: the first queued and the first expired job, each read from the claim index
 * in order, and the earlier of the two updated. (One condition with an OR over both statuses made
 * SQLite scan and sort the whole table under the write lock: 2.3 ms a claim with 20,000 jobs queued.)
 */
export function sqliteClaim(c: ClaimCandidates, set: SQL): SQL {
  return sql`
    WITH queued AS (SELECT id, lane, turn, received_at FROM jobs WHERE ${c.queued} ${c.order} LIMIT 1),
      expired AS (SELECT id, lane, turn, received_at FROM jobs WHERE ${c.expired} ${c.order} LIMIT 1)
    UPDATE jobs SET ${set}
    WHERE id = (SELECT id FROM (SELECT * FROM queued UNION ALL SELECT * FROM expired) ${c.order} LIMIT 1)
    RETURNING *`;
}

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
    claim: (tx, c, set) => tx.get(sqliteClaim(c, set)),
    lockMember: async () => {},
    async close() {
      if (conn.open) conn.close();
    },
  });
}
