import { type SQL, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import { postgresExecutor } from '../../store/postgres/executor';
import { LOCK_NAMESPACE } from '../../store/postgres/lock';
import { type ClaimCandidates, createSqlQueue } from '../sql-queue';
import type { JobQueue } from '../types';

/** Advisory lock namespace of one member's admissions (the pair's second key is a hash of the user id). */
const MEMBER_LOCKS = LOCK_NAMESPACE + 1;

/**
 * The claim in PostgreSQL: the first queued and the first expired job that no other worker has
 * locked, each read from the claim index in order (`FOR UPDATE SKIP LOCKED`), and the earlier of
 * the two updated. One condition with an OR over both statuses cannot be read in order from one
 * index: PostgreSQL gathered and sorted every queued job for each claim.
 */
export function postgresClaim(c: ClaimCandidates, set: SQL): SQL {
  return sql`
    WITH queued AS (
        SELECT id, lane, turn, received_at FROM jobs WHERE ${c.queued} ${c.order} LIMIT 1 FOR UPDATE SKIP LOCKED),
      expired AS (
        SELECT id, lane, turn, received_at FROM jobs WHERE ${c.expired} ${c.order} LIMIT 1 FOR UPDATE SKIP LOCKED),
      next AS (SELECT id FROM (SELECT * FROM queued UNION ALL SELECT * FROM expired) candidates ${c.order} LIMIT 1)
    UPDATE jobs SET ${set} FROM next WHERE jobs.id = next.id RETURNING jobs.*`;
}

/**
 * The queue in the PostgreSQL store (its tables come with the store's migrations). Workers of any
 * process take jobs with `FOR UPDATE SKIP LOCKED`, as pg-boss does, so they never wait on or take
 * one another's job; a member's admissions are serialised by a transaction advisory lock so two
 * endpoints cannot both let a member past ASK_MAX_PER_MEMBER.
 */
export function openPostgresQueue(pool: pg.Pool): JobQueue {
  const exec = postgresExecutor(drizzle(pool));
  return createSqlQueue(exec, {
    claim: (tx, c, set) => tx.get(postgresClaim(c, set)),
    lockMember: async (tx, userId) => {
      await tx.run(sql`SELECT pg_advisory_xact_lock(${MEMBER_LOCKS}, hashtext(${userId}))`);
    },
    // The pool belongs to the store, which closes it.
    close: async () => {},
  });
}
