import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

// The queue of deferred interactions in SQLite: a file of its own beside the store, so that an
// acknowledgement's write never waits behind the indexer's transactions. `../postgres/schema.ts`
// declares the same tables in the PostgreSQL store; the queries (queue/sql-queue.ts) are shared.

/** One acknowledged interaction whose work is still owed (or was done, kept a while for statistics). */
export const jobs = sqliteTable(
  'jobs',
  {
    /** The interaction id: a second delivery of the same interaction is not queued twice. */
    id: text('id').primaryKey(),
    kind: text('kind').notNull(),
    guildId: text('guild_id').notNull(),
    userId: text('user_id').notNull(),
    /** The interaction token (a secret, valid 15 minutes), wiped when the job ends. */
    token: text('token').notNull(),
    /** 0: quick work (status, feedback, forget); 1: answers, which take a model slot. */
    lane: integer('lane').notNull(),
    /** The member's place in turn when queued (1 = their only open job): members are served in turn. */
    turn: integer('turn').notNull(),
    /** queued | running | done */
    status: text('status').notNull(),
    /** JSON: what the work needs (the question, the asker's roles and permissions, options). */
    payload: text('payload').notNull(),
    /** JSON: delivery progress, so that a job taken up again after a crash replaces what it had sent. */
    state: text('state').notNull().default('{}'),
    receivedAt: integer('received_at').notNull(),
    /** When the interaction token dies (received + 15 min); nothing can be sent after it. */
    expiresAt: integer('expires_at').notNull(),
    leaseOwner: text('lease_owner'),
    leaseUntil: integer('lease_until'),
    attempts: integer('attempts').notNull().default(0),
    startedAt: integer('started_at'),
    finishedAt: integer('finished_at'),
    outcome: text('outcome'),
  },
  (t) => [
    index('jobs_claim_idx').on(t.status, t.lane, t.turn, t.receivedAt),
    index('jobs_member_idx').on(t.userId, t.status),
    // Partial: a queued job has no finish time, so the acknowledgement's commit writes one page
    // fewer (4 instead of 5 a question, see wal-frames.test.ts); the queries that read it say
    // `finished_at IS NOT NULL` or compare it, which implies that.
    index('jobs_finished_idx').on(t.finishedAt).where(sql`finished_at IS NOT NULL`),
  ],
);

/** Answer workers alive (heartbeat), for the capacity that admission divides the queue by. */
export const workers = sqliteTable('workers', {
  id: text('id').primaryKey(),
  host: text('host').notNull(),
  pid: integer('pid').notNull(),
  slots: integer('slots').notNull(),
  busy: integer('busy').notNull().default(0),
  startedAt: integer('started_at').notNull(),
  heartbeatAt: integer('heartbeat_at').notNull(),
});
