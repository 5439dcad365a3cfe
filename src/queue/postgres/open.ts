import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import { postgresExecutor } from '../../store/postgres/executor';
import { LOCK_NAMESPACE } from '../../store/postgres/lock';
import { createSqlQueue } from '../sql-queue';
import type { JobQueue } from '../types';

/** Advisory lock namespace of one member's admissions (the pair's second key is a hash of the user id). */
const MEMBER_LOCKS = LOCK_NAMESPACE + 1;

/**
 * The queue in the PostgreSQL store (its tables come with the store's migrations). Workers of any
 * process take jobs with `FOR UPDATE SKIP LOCKED`, as pg-boss does, so they never wait on or take
 * one another's job; a member's admissions are serialised by a transaction advisory lock so two
 * endpoints cannot both let a member past ASK_MAX_PER_MEMBER.
 */
export function openPostgresQueue(pool: pg.Pool): JobQueue {
  const exec = postgresExecutor(drizzle(pool));
  return createSqlQueue(exec, {
    claim: (tx, where, order, set) =>
      tx.get(sql`
        UPDATE jobs SET ${set}
        FROM (SELECT id FROM jobs WHERE ${where} ${order} LIMIT 1 FOR UPDATE SKIP LOCKED) next
        WHERE jobs.id = next.id RETURNING jobs.*`),
    lockMember: async (tx, userId) => {
      await tx.run(sql`SELECT pg_advisory_xact_lock(${MEMBER_LOCKS}, hashtext(${userId}))`);
    },
    // The pool belongs to the store, which closes it.
    close: async () => {},
  });
}
