import { type SQL, sql } from 'drizzle-orm';
import { percentile } from '../stats';
import { asNumber, type Executor } from '../store/sql';
import { admit, expectedWaitMs } from './admission';
import {
  type AdmissionPolicy,
  type EnqueueResult,
  type Job,
  type JobInput,
  type JobKind,
  type JobQueue,
  type JobState,
  LANE,
  TOKEN_LIFETIME_MS,
} from './types';

/** A worker whose heartbeat is older than this is gone. */
const WORKER_STALE_MS = 15_000;
/** Answer times are averaged over this many recent answers. */
const SERVICE_SAMPLE = 50;
/** Service time and slots change slowly: read at most once a second, off the per-question path. */
const FIGURES_TTL_MS = 1_000;

interface Pending {
  job: JobInput;
  policy: AdmissionPolicy;
  /** The acknowledging process's clock when it enqueued (the clock of `job.receivedAt`). */
  now: number;
  resolve(r: EnqueueResult): void;
  reject(err: unknown): void;
}

const laneIn = (lanes: readonly number[]) =>
  sql`lane IN (${sql.join(
    lanes.map((l) => sql`${l}`),
    sql`, `,
  )})`;

/**
 * The claim: the first queued job and the first expired one (a running job whose worker stopped
 * renewing its lease), each one ordered range of `jobs_claim_idx` (status, lane, turn,
 * received_at), and the earlier of the two updated with `set`; `RETURNING *`. One condition with an
 * OR over both statuses cannot be read in order from the index: SQLite and PostgreSQL gathered and
 * sorted every queued job for each claim (in SQLite 109 µs with 200 queued, 5.6 ms with 20,000,
 * under the write lock; now 26 to 39 µs). `rowLock` is the dialect's (see QueueDialect).
 */
export function claimStatement(opts: { lanes: readonly number[]; now: SQL; set: SQL; rowLock: SQL }): SQL {
  const lanes = laneIn(opts.lanes);
  const order = sql`ORDER BY lane, turn, received_at`;
  const first = (where: SQL) =>
    sql`SELECT id, lane, turn, received_at FROM jobs WHERE ${where} ${order} LIMIT 1 ${opts.rowLock}`;
  return sql`
    WITH queued AS (${first(sql`status = 'queued' AND ${lanes}`)}),
      expired AS (${first(sql`status = 'running' AND ${lanes} AND lease_until < ${opts.now}`)})
    UPDATE jobs SET ${opts.set}
    WHERE id = (SELECT id FROM (SELECT * FROM queued UNION ALL SELECT * FROM expired) candidates ${order} LIMIT 1)
    RETURNING *`;
}

/** What differs between dialects: taking the next job without two workers taking the same. */
export interface QueueDialect {
  /**
   * Appended to each claim candidate's SELECT: PostgreSQL's `FOR UPDATE SKIP LOCKED`, so two
   * workers never take the same job; empty in SQLite, whose claim holds the write lock.
   */
  rowLock: SQL;
  /** Serialises admissions of one member (SQLite's IMMEDIATE transaction already does). */
  lockMember(exec: Executor, userId: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * A claimed job with its times on the claiming process's clock: the database's stamps shifted by
 * `shift` (that clock minus the database's, read in the same round trip), so that a worker whose
 * clock is off still sees exactly how long the token has left.
 */
function jobFromRow(r: Record<string, unknown>, shift: number): Job {
  const parse = (v: unknown) => {
    try {
      return JSON.parse(String(v)) as Record<string, unknown>;
    } catch {
      return {};
    }
  };
  return {
    id: String(r.id),
    kind: String(r.kind) as JobKind,
    guildId: String(r.guild_id),
    userId: String(r.user_id),
    token: String(r.token),
    payload: parse(r.payload),
    receivedAt: asNumber(r.received_at) + shift,
    expiresAt: asNumber(r.expires_at) + shift,
    attempts: asNumber(r.attempts),
    state: parse(r.state) as JobState,
  };
}

/**
 * The queue over one executor (the SQLite queue file, or the PostgreSQL store's pool). Every time
 * that two processes compare is the database's (`exec.now`): leases are stamped and judged by it,
 * heartbeats, waits and answer times too, so a worker whose clock runs ahead never takes over a job
 * another is still answering, and one whose clock runs behind does not wait the difference on top
 * of a dead worker's lease. A process's own clock only measures how long something took.
 */
export function createSqlQueue(exec: Executor, dialect: QueueDialect): JobQueue {
  const dbNow = exec.now;
  let figures: { at: number; serviceMs: number | undefined; slots: number; workers: number } | undefined;
  /** Service time and slots, cached for a second of this process's time (a duration, so its clock will do). */
  const readFigures = async (tx: Executor) => {
    const now = performance.now();
    if (figures !== undefined && now - figures.at < FIGURES_TTL_MS && now >= figures.at) return figures;
    const service = await tx.get<{ ms: unknown; n: unknown }>(sql`
      SELECT avg(finished_at - started_at) AS ms, count(*) AS n FROM (
        SELECT finished_at, started_at FROM jobs
        WHERE status = 'done' AND lane = 1 AND started_at IS NOT NULL AND outcome = 'answered'
          AND finished_at IS NOT NULL
        ORDER BY finished_at DESC LIMIT ${SERVICE_SAMPLE}) recent`);
    const live = await tx.get<{ slots: unknown; n: unknown }>(sql`
      SELECT coalesce(sum(slots), 0) AS slots, count(*) AS n FROM workers WHERE heartbeat_at >= ${dbNow} - ${WORKER_STALE_MS}`);
    figures = {
      at: now,
      serviceMs: asNumber(service?.n) > 0 ? Math.round(asNumber(service?.ms)) : undefined,
      slots: asNumber(live?.slots),
      workers: asNumber(live?.n),
    };
    return figures;
  };
  const countAhead = async (tx: Executor, turn: number) => {
    const r = await tx.get<{ ahead: unknown; running: unknown }>(sql`
      SELECT
        (SELECT count(*) FROM jobs WHERE status = 'queued' AND lane = 1 AND turn <= ${turn}) AS ahead,
        (SELECT count(*) FROM jobs WHERE status = 'running' AND lane = 1) AS running`);
    return { ahead: asNumber(r?.ahead), running: asNumber(r?.running) };
  };
  /**
   * A refused question is kept in the same transaction (status `refused`, no token, stamped like an
   * admitted one on the database's clock), for insights (issue 21) to record off this path: the
   * acknowledgement pays one more insert in its batch.
   */
  const refuse = async <R extends EnqueueResult>(
    tx: Executor,
    job: JobInput,
    receivedAt: number,
    reason: string,
    result: R,
  ) => {
    await tx.run(sql`
      INSERT INTO jobs (id, kind, guild_id, user_id, token, lane, turn, status, payload, state, received_at, expires_at, attempts, outcome)
      VALUES (${job.id}, ${job.kind}, ${job.guildId}, ${job.userId}, '', ${LANE[job.kind]}, 0, 'refused',
        ${JSON.stringify(job.payload)}, '{}', ${receivedAt}, ${receivedAt}, 0, ${reason})`);
    return result;
  };
  /**
   * Admits and records one job inside `tx` (see JobQueue.enqueue). `at` is the database's time of
   * the transaction and `elapsed` how long ago, by the acknowledging process's clock, the
   * interaction arrived: the job is stamped `at - elapsed`, on the database's clock.
   */
  const admitOne = async (
    tx: Executor,
    job: JobInput,
    policy: AdmissionPolicy,
    at: number,
    elapsed: number,
  ): Promise<EnqueueResult> => {
    const lane = LANE[job.kind];
    const receivedAt = at - Math.max(0, elapsed);
    const expiresAt = receivedAt + TOKEN_LIFETIME_MS;
    const seen = await tx.get<{ status: string }>(sql`SELECT status FROM jobs WHERE id = ${job.id}`);
    if (seen !== undefined && seen.status !== 'refused') return { status: 'duplicate' };
    // A second delivery of a refused question is judged again (its first refusal was said).
    if (seen !== undefined) await tx.run(sql`DELETE FROM jobs WHERE id = ${job.id} AND status = 'refused'`);
    let turn = 1;
    let waitMs = 0;
    if (lane === 1) {
      await dialect.lockMember(tx, job.userId);
      const open = asNumber(
        (
          await tx.get<{ n: unknown }>(sql`
            SELECT count(*) AS n FROM jobs
            WHERE user_id = ${job.userId} AND status IN ('queued', 'running') AND lane = 1`)
        )?.n,
      );
      if (open >= policy.maxPerMember)
        return refuse(tx, job, receivedAt, 'member_limit', { status: 'member_limit', open });
      turn = open + 1;
      const f = await readFigures(tx);
      // Before any answer was measured there is nothing to judge a wait by: admit (a question that
      // then waits too long still ends with a sentence before its token dies).
      if (f.serviceMs !== undefined) {
        const slots = f.slots > 0 ? f.slots : policy.fallbackSlots;
        waitMs = expectedWaitMs({ ...(await countAhead(tx, turn)), slots, serviceMs: f.serviceMs });
        const verdict = admit({
          waitMs,
          serviceMs: f.serviceMs,
          now: at,
          expiresAt,
          maxWaitMs: policy.maxWaitMs,
          marginMs: policy.expiryMarginMs,
        });
        if (!verdict.admit)
          return refuse(tx, job, receivedAt, `busy_${verdict.reason}`, {
            status: 'busy',
            expectedWaitMs: waitMs,
            reason: verdict.reason,
          });
      }
    }
    await tx.run(sql`
      INSERT INTO jobs (id, kind, guild_id, user_id, token, lane, turn, status, payload, state, received_at, expires_at, attempts)
      VALUES (${job.id}, ${job.kind}, ${job.guildId}, ${job.userId}, ${job.token}, ${lane}, ${turn}, 'queued',
        ${JSON.stringify(job.payload)}, '{}', ${receivedAt}, ${expiresAt}, 0)`);
    return { status: 'queued', expectedWaitMs: waitMs };
  };

  // Group commit: the jobs that arrive while a commit is under way are admitted together in the
  // next transaction, so a burst costs one synced commit per batch instead of one per question.
  let pending: Pending[] = [];
  let flushScheduled = false;
  const flush = async () => {
    flushScheduled = false;
    const batch = pending;
    pending = [];
    if (batch.length === 0) return;
    // Members in one order in every batch: two processes' batches never wait on each other's locks.
    const ordered = [...batch].sort((a, b) =>
      a.job.userId < b.job.userId ? -1 : a.job.userId > b.job.userId ? 1 : 0,
    );
    try {
      const results = await exec.transaction(async (tx) => {
        const at = asNumber((await tx.get<{ now: unknown }>(sql`SELECT ${dbNow} AS now`))?.now);
        const out = new Map<Pending, EnqueueResult>();
        for (const p of ordered)
          out.set(p, await admitOne(tx, p.job, p.policy, at, p.now - p.job.receivedAt));
        return out;
      });
      for (const p of batch) p.resolve(results.get(p) ?? { status: 'duplicate' });
    } catch (err) {
      for (const p of batch) p.reject(err);
    }
  };

  return {
    enqueue(job, policy, now) {
      return new Promise<EnqueueResult>((resolve, reject) => {
        pending.push({ job, policy, now, resolve, reject });
        if (!flushScheduled) {
          flushScheduled = true;
          setImmediate(() => void flush());
        }
      });
    },

    offer(job, expiresAt) {
      // Stamped with the database's clock, as enqueue does: received now, expiring after the same span.
      const ttl = Math.max(0, expiresAt - job.receivedAt);
      return exec.transaction(async (tx) => {
        if (await tx.get(sql`SELECT 1 AS one FROM jobs WHERE id = ${job.id}`)) return 'duplicate' as const;
        const lane = LANE[job.kind];
        // The member's place in turn, as for a question: their own posts never push others back.
        const open = asNumber(
          (
            await tx.get<{ n: unknown }>(sql`
              SELECT count(*) AS n FROM jobs
              WHERE user_id = ${job.userId} AND status IN ('queued', 'running') AND lane = ${lane}`)
          )?.n,
        );
        await tx.run(sql`
          INSERT INTO jobs (id, kind, guild_id, user_id, token, lane, turn, status, payload, state, received_at, expires_at, attempts)
          VALUES (${job.id}, ${job.kind}, ${job.guildId}, ${job.userId}, ${job.token}, ${lane}, ${open + 1}, 'queued',
            ${JSON.stringify(job.payload)}, '{}', ${dbNow}, ${dbNow} + ${ttl}, 0)
          ON CONFLICT (id) DO NOTHING`);
        return 'queued' as const;
      });
    },

    async claim(worker, lanes, leaseMs, now) {
      if (lanes.length === 0) return undefined;
      const claimable = sql`${laneIn(lanes)} AND (status = 'queued' OR (status = 'running' AND lease_until < ${dbNow}))`;
      // An idle worker looks without a write lock, so its polling never delays an acknowledgement's write.
      if ((await exec.get(sql`SELECT 1 AS one FROM jobs WHERE ${claimable} LIMIT 1`)) === undefined)
        return undefined;
      const row = await exec.transaction((tx) =>
        tx.get<Record<string, unknown>>(
          claimStatement({
            lanes,
            now: dbNow,
            set: sql`status = 'running', lease_owner = ${worker}, lease_until = ${dbNow} + ${leaseMs},
              attempts = attempts + 1, started_at = ${dbNow}`,
            rowLock: dialect.rowLock,
          }),
        ),
      );
      // started_at is the database's time of the claim: the shift to this process's clock.
      return row === undefined ? undefined : jobFromRow(row, now - asNumber(row.started_at));
    },

    async renew(worker, ids, leaseMs) {
      if (ids.length === 0) return [];
      const rows = await exec.all<{ id: string }>(sql`
        UPDATE jobs SET lease_until = ${dbNow} + ${leaseMs}
        WHERE lease_owner = ${worker} AND status = 'running' AND ${exec.inList(sql`id`, ids)}
        RETURNING id`);
      return rows.map((r) => r.id);
    },

    async saveState(id, worker, state) {
      await exec.run(
        sql`UPDATE jobs SET state = ${JSON.stringify(state)} WHERE id = ${id} AND lease_owner = ${worker}`,
      );
    },

    async finish(id, worker, outcome) {
      await exec.run(sql`
        UPDATE jobs SET status = 'done', outcome = ${outcome}, finished_at = ${dbNow}, token = '',
          lease_owner = NULL, lease_until = NULL
        WHERE id = ${id} AND lease_owner = ${worker}`);
    },

    async release(id, worker) {
      await exec.run(sql`
        UPDATE jobs SET status = 'queued', lease_owner = NULL, lease_until = NULL
        WHERE id = ${id} AND lease_owner = ${worker} AND status = 'running'`);
    },

    async ping() {
      await exec.get(sql`SELECT 1 AS one`);
    },

    async stats(policy) {
      const r = await exec.get<{ waiting: unknown; oldest: unknown; now: unknown }>(sql`
        SELECT count(*) AS waiting, min(received_at) AS oldest, ${dbNow} AS now FROM jobs WHERE status = 'queued' AND lane = 1`);
      const now = asNumber(r?.now);
      const f = await readFigures(exec);
      const { ahead, running } = await countAhead(exec, 1);
      const serviceMs = f.serviceMs ?? policy.defaultServiceMs;
      const slots = f.slots > 0 ? f.slots : policy.fallbackSlots;
      const waiting = asNumber(r?.waiting);
      return {
        waiting,
        oldestWaitMs: waiting > 0 ? Math.max(0, now - asNumber(r?.oldest)) : 0,
        running,
        workers: f.workers,
        slots: f.slots,
        serviceMs,
        expectedWaitMs: expectedWaitMs({ ahead, running, slots, serviceMs }),
      };
    },

    async answerStats(guildId, windowMs) {
      const rows = await exec.all<{ ms: unknown }>(sql`
        SELECT finished_at - received_at AS ms FROM jobs
        WHERE guild_id = ${guildId} AND lane = 1 AND status = 'done' AND finished_at >= ${dbNow} - ${windowMs}
          AND outcome IN ('answered', 'cached', 'nothing_found', 'sources_only')`);
      const sorted = rows.map((r) => asNumber(r.ms)).sort((a, b) => a - b);
      return { served: sorted.length, p50Ms: percentile(sorted, 50), p95Ms: percentile(sorted, 95) };
    },

    async heartbeat(w, busy) {
      await exec.run(sql`
        INSERT INTO workers (id, host, pid, slots, busy, started_at, heartbeat_at)
        VALUES (${w.id}, ${w.host}, ${w.pid}, ${w.slots}, ${busy}, ${dbNow}, ${dbNow})
        ON CONFLICT (id) DO UPDATE SET slots = excluded.slots, busy = excluded.busy, heartbeat_at = excluded.heartbeat_at`);
    },

    async removeWorker(id) {
      await exec.run(sql`DELETE FROM workers WHERE id = ${id}`);
      figures = undefined;
    },

    async refused(limit) {
      const rows = await exec.all<Record<string, unknown>>(sql`
        SELECT * FROM jobs WHERE status = 'refused' ORDER BY received_at, id LIMIT ${limit}`);
      // Times on the database's clock (insights records when the question was asked).
      return rows.map((r) => ({ ...jobFromRow(r, 0), reason: String(r.outcome ?? '') }));
    },

    async dropRefused(ids) {
      if (ids.length === 0) return;
      await exec.run(sql`DELETE FROM jobs WHERE status = 'refused' AND ${exec.inList(sql`id`, ids)}`);
    },

    async prune(keepMs) {
      const n = await exec.run(sql`
        DELETE FROM jobs
        WHERE (status = 'done' AND finished_at < ${dbNow} - ${keepMs})
          OR (status = 'refused' AND received_at < ${dbNow} - ${keepMs})`);
      await exec.run(sql`DELETE FROM workers WHERE heartbeat_at < ${dbNow} - ${keepMs}`);
      return n;
    },

    close: () => dialect.close(),
  };
}
