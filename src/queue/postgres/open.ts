import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import { postgresExecutor } from '../../store/postgres/executor';
import { LOCK_NAMESPACE } from '../../store/postgres/lock';
import { createSqlQueue } from '../sql-queue';
import type { JobQueue } from '../types';

/** Advisory lock namespace of one member's admissions (the pair's second key is a hash of the user id). */
const MEMBER_LOCKS = LOCK_NAMESPACE + 1;

/** Each claim candidate is locked, and one another worker holds is passed over, as pg-boss does. */
export const POSTGRES_ROW_LOCK = sql`FOR UPDATE SKIP LOCKED`;

/**
 * The queue in the PostgreSQL store (its tables come with the store's migrations). Workers of any
 * process take jobs with `FOR UPDATE SKIP LOCKED`, as pg-boss does, so they never wait on or take
 * one another's job; a member's admissions are serialised by a transaction advisory lock so two
 * endpoints cannot both let a member past ASK_MAX_PER_MEMBER.
 */
export function openPostgresQueue(pool: pg.Pool): JobQueue {
  const exec = postgresExecutor(drizzle(pool));
  return createSqlQueue(exec, {
    rowLock: POSTGRES_ROW_LOCK,
    lockMember: async (tx, userId) => {
      await tx.run(sql`SELECT pg_advisory_xact_lock(${MEMBER_LOCKS}, hashtext(${userId}))`);
    },
    // The pool belongs to the store, which closes it.
    close: async () => {},
  });
}
