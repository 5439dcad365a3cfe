import { sql } from 'drizzle-orm';
import { bigint, index, integer, pgTable, text } from 'drizzle-orm/pg-core';

// The queue of deferred interactions in the PostgreSQL store (see ../sqlite/schema.ts for the
// meaning of each column; the queries in queue/sql-queue.ts are shared).

const ms = (name: string) => bigint(name, { mode: 'number' });

export const jobs = pgTable(
  'jobs',
  {
    id: text('id').primaryKey(),
    kind: text('kind').notNull(),
    guildId: text('guild_id').notNull(),
    userId: text('user_id').notNull(),
    token: text('token').notNull(),
    lane: integer('lane').notNull(),
    turn: integer('turn').notNull(),
    status: text('status').notNull(),
    payload: text('payload').notNull(),
    state: text('state').notNull().default('{}'),
    receivedAt: ms('received_at').notNull(),
    expiresAt: ms('expires_at').notNull(),
    leaseOwner: text('lease_owner'),
    leaseUntil: ms('lease_until'),
    attempts: integer('attempts').notNull().default(0),
    startedAt: ms('started_at'),
    finishedAt: ms('finished_at'),
    outcome: text('outcome'),
  },
  (t) => [
    index('jobs_claim_idx').on(t.status, t.lane, t.turn, t.receivedAt),
    index('jobs_member_idx').on(t.userId, t.status),
    // Partial, as in SQLite: an acknowledgement's insert updates one index fewer.
    index('jobs_finished_idx').on(t.finishedAt).where(sql`finished_at IS NOT NULL`),
  ],
);

export const workers = pgTable('workers', {
  id: text('id').primaryKey(),
  host: text('host').notNull(),
  pid: integer('pid').notNull(),
  slots: integer('slots').notNull(),
  busy: integer('busy').notNull().default(0),
  startedAt: ms('started_at').notNull(),
  heartbeatAt: ms('heartbeat_at').notNull(),
});
