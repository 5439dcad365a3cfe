import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { testPolicy } from '../../test/admission-policy';
import { backends, freshDatabase, openAgain } from '../../test/databases';
import type { DatabaseSetting } from '../config';
import { admit, expectedWaitMs } from './admission';
import { type EnqueueResult, type JobInput, TOKEN_LIFETIME_MS } from './types';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * `n` answers that took `serviceMs` each, written into the queue's table as a worker leaves them,
 * on the database's own clock (a test cannot wait 100 s for them).
 */
async function seedAnswered(setting: DatabaseSetting, n: number, serviceMs: number): Promise<void> {
  const rows = Array.from({ length: n }, (_, i) => `past-${i}-${Math.random().toString(36).slice(2)}`);
  if (setting.kind === 'sqlite') {
    const conn = new Database(setting.queuePath);
    const now = `CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER)`;
    for (const id of rows)
      conn
        .prepare(`INSERT INTO jobs (id, kind, guild_id, user_id, token, lane, turn, status, payload, state,
          received_at, expires_at, attempts, started_at, finished_at, outcome)
          VALUES (?, 'ask', 'g', 'past', '', 1, 1, 'done', '{}', '{}', ${now} - ?, ${now} + 600000, 1, ${now} - ?, ${now}, 'answered')`)
        .run(id, serviceMs + 1000, serviceMs);
    conn.close();
    return;
  }
  const client = new pg.Client({ connectionString: setting.url });
  await client.connect();
  const now = `CAST(EXTRACT(EPOCH FROM statement_timestamp()) * 1000 AS BIGINT)`;
  for (const id of rows)
    await client.query(
      `INSERT INTO jobs (id, kind, guild_id, user_id, token, lane, turn, status, payload, state,
        received_at, expires_at, attempts, started_at, finished_at, outcome)
        VALUES ($1, 'ask', 'g', 'past', '', 1, 1, 'done', '{}', '{}', ${now} - $2::bigint, ${now} + 600000, 1, ${now} - $3::bigint, ${now}, 'answered')`,
      [id, serviceMs + 1000, serviceMs],
    );
  await client.end();
}

const T0 = Date.UTC(2026, 10, 1, 12);
const policy = testPolicy;
let seq = 0;
const job = (userId: string, over: Partial<JobInput> = {}): JobInput => ({
  id: `95${String(++seq).padStart(16, '0')}`,
  kind: 'ask',
  guildId: 'g',
  userId,
  token: `secret-token-${seq}`,
  payload: { question: `q${seq}` },
  receivedAt: T0,
  ...over,
});

describe('expectedWaitMs and admit (pure)', () => {
  it.each([
    [{ ahead: 0, running: 0, slots: 2, serviceMs: 1000 }, 0],
    [{ ahead: 0, running: 1, slots: 2, serviceMs: 1000 }, 0],
    [{ ahead: 0, running: 2, slots: 2, serviceMs: 1000 }, 1000],
    // Both slots busy, three before it: the running pair ends at 1 s, two of the three at 2 s, then its turn.
    [{ ahead: 3, running: 2, slots: 2, serviceMs: 1000 }, 2000],
    [{ ahead: 10, running: 0, slots: 0, serviceMs: 1000 }, Number.POSITIVE_INFINITY],
  ])('%j → %d ms', (inputs, ms) => {
    expect(expectedWaitMs(inputs)).toBe(ms);
  });

  it('refuses a wait beyond the limit, and an answer that would end after the token', () => {
    const base = {
      serviceMs: 60_000,
      now: T0,
      expiresAt: T0 + TOKEN_LIFETIME_MS,
      maxWaitMs: 600_000,
      marginMs: 30_000,
    };
    expect(admit({ ...base, waitMs: 600_000 })).toEqual({ admit: true });
    expect(admit({ ...base, waitMs: 600_001 })).toEqual({ admit: false, reason: 'wait' });
    expect(admit({ ...base, waitMs: 300_000, now: T0 + 600_000 })).toEqual({
      admit: false,
      reason: 'expiry',
    });
  });
});

describe.each(backends)('queue on %s', (backend) => {
  const open = async () => {
    const setting = await freshDatabase(backend);
    return { setting, db: await openAgain(setting) };
  };

  it('records a job once per interaction id and hands it to one worker, token and all', async () => {
    const { db } = await open();
    const j = job('u1');
    expect(await db.queue.enqueue(j, policy, T0)).toEqual({ status: 'queued', expectedWaitMs: 0 });
    expect(await db.queue.enqueue(j, policy, T0)).toEqual({ status: 'duplicate' });
    const got = await db.queue.claim('w1', [0, 1], 10_000, T0);
    expect(got).toMatchObject({ id: j.id, token: j.token, payload: j.payload, attempts: 1 });
    // On the claimer's clock: 15 minutes after the interaction arrived, less the moments since.
    expect(T0 + TOKEN_LIFETIME_MS - (got?.expiresAt ?? 0)).toBeGreaterThanOrEqual(0);
    expect(T0 + TOKEN_LIFETIME_MS - (got?.expiresAt ?? 0)).toBeLessThan(5_000);
    expect(await db.queue.claim('w2', [0, 1], 10_000, T0)).toBeUndefined();
    await db.queue.finish(j.id, 'w1', 'answered');
    expect(await db.queue.enqueue(j, policy, T0)).toEqual({ status: 'duplicate' });
  });

  it('serves members in turn, quick work first', async () => {
    const { db } = await open();
    const a = [job('alice'), job('alice'), job('alice')];
    const b = job('bob');
    const status = job('carol', { kind: 'status' });
    for (const j of [...a, b, status]) expect((await db.queue.enqueue(j, policy, T0)).status).toBe('queued');
    const order: string[] = [];
    for (
      let next = await db.queue.claim('w', [0, 1], 60_000, T0);
      next;
      next = await db.queue.claim('w', [0, 1], 60_000, T0)
    ) {
      order.push(next.id);
    }
    expect(order).toEqual([status.id, a[0]?.id, b.id, a[1]?.id, a[2]?.id]);
  });

  it('bounds what one member can have open', async () => {
    const { db } = await open();
    for (let i = 0; i < 3; i++)
      expect((await db.queue.enqueue(job('greedy'), policy, T0)).status).toBe('queued');
    expect(await db.queue.enqueue(job('greedy'), policy, T0)).toEqual({ status: 'member_limit', open: 3 });
    expect((await db.queue.enqueue(job('greedy', { kind: 'status' }), policy, T0)).status).toBe('queued');
    const first = await db.queue.claim('w', [1], 60_000, T0);
    await db.queue.finish(first?.id ?? '', 'w', 'answered');
    expect((await db.queue.enqueue(job('greedy'), policy, T0)).status).toBe('queued');
  });

  it('gives a job whose worker stopped renewing its lease to another worker, and ignores the first', async () => {
    const { db } = await open();
    const j = job('u');
    await db.queue.enqueue(j, policy, T0);
    await db.queue.claim('dead', [1], 300, T0);
    await db.queue.saveState(j.id, 'dead', { followUpIds: ['m1'] });
    expect(await db.queue.claim('alive', [1], 10_000, T0)).toBeUndefined();
    // The lease runs out by the database's clock: poll, as a worker does.
    let again: Awaited<ReturnType<typeof db.queue.claim>>;
    for (let i = 0; i < 200 && again === undefined; i++) {
      await sleep(25);
      again = await db.queue.claim('alive', [1], 10_000, T0);
    }
    expect(again).toMatchObject({ id: j.id, attempts: 2, state: { followUpIds: ['m1'] } });
    expect(await db.queue.renew('dead', [j.id], 10_000)).toEqual([]);
    await db.queue.finish(j.id, 'dead', 'answered');
    expect(await db.queue.renew('alive', [j.id], 10_000)).toEqual([j.id]);
    await db.queue.finish(j.id, 'alive', 'answered');
    expect(await db.queue.claim('x', [0, 1], 10_000, T0)).toBeUndefined();
  });

  it('never gives one job to two workers of two processes claiming at once', async () => {
    const { setting, db } = await open();
    // Two processes: a second pool on PostgreSQL. Two SQLite connections in one thread would only
    // wait on each other; there the claims of several workers of one process are what can race.
    const other = backend === 'postgres' ? await openAgain(setting) : db;
    const ids = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const j = job(`m${i}`);
      ids.add(j.id);
      await db.queue.enqueue(j, policy, T0);
    }
    const taken: string[] = [];
    await Promise.all(
      [db, other, db, other].map(async (d, w) => {
        for (
          let next = await d.queue.claim(`w${w}`, [1], 60_000, T0);
          next;
          next = await d.queue.claim(`w${w}`, [1], 60_000, T0)
        ) {
          taken.push(next.id);
        }
      }),
    );
    expect(taken.sort()).toEqual([...ids].sort());
  });

  it('admits by expected wait: measured answer time and live workers', async () => {
    const { setting, db } = await open();
    await db.queue.heartbeat({ id: 'w', host: 'h', pid: 1, slots: 1 }, 0);
    // Two measured answers of 100 s each (written as they would be after 100 s of work).
    await seedAnswered(setting, 2, 100_000);
    const tight = { ...policy, maxWaitMs: 250_000 };
    const later = T0 + 2_000;
    const results: EnqueueResult[] = [];
    for (let i = 0; i < 5; i++)
      results.push(await db.queue.enqueue(job(`new${i}`, { receivedAt: later }), tight, later));
    // One slot, 100 s an answer: 0, 100 and 200 s are within 250 s; the fourth would wait 300 s.
    expect(results).toEqual([
      { status: 'queued', expectedWaitMs: 0 },
      { status: 'queued', expectedWaitMs: 100_000 },
      { status: 'queued', expectedWaitMs: 200_000 },
      { status: 'busy', expectedWaitMs: 300_000, reason: 'wait' },
      { status: 'busy', expectedWaitMs: 300_000, reason: 'wait' },
    ]);
    const stats = await db.queue.stats(policy);
    expect(stats).toMatchObject({ waiting: 3, running: 0, workers: 1, slots: 1, serviceMs: 100_000 });
    // A question received 12 minutes ago cannot wait 0 s and answer in 100 s before its token dies.
    expect(
      await db.queue.enqueue(
        job('late', { receivedAt: later - 13 * 60_000 }),
        { ...policy, maxPerMember: 9 },
        later,
      ),
    ).toMatchObject({
      status: 'busy',
      reason: 'expiry',
    });
  });

  it('admits a burst arriving at once in one transaction, with every rule still applied per question', async () => {
    const { db } = await open();
    const burst = [
      ...Array.from({ length: 40 }, (_, i) => job(`b${i}`)),
      ...Array.from({ length: 5 }, () => job('same-member')),
    ];
    const again = burst[0] as JobInput;
    const results = await Promise.all([...burst, again].map((j) => db.queue.enqueue(j, policy, T0)));
    expect(results.filter((r) => r.status === 'queued')).toHaveLength(43);
    expect(results.filter((r) => r.status === 'member_limit')).toHaveLength(2);
    expect(results.at(-1)).toEqual({ status: 'duplicate' });
    // The same member's three are served in their turns: 1, 2, 3.
    const order: string[] = [];
    for (
      let next = await db.queue.claim('w', [1], 60_000, T0);
      next;
      next = await db.queue.claim('w', [1], 60_000, T0)
    ) {
      order.push(next.userId);
    }
    expect(order.slice(-2)).toEqual(['same-member', 'same-member']);
  });

  it('queues every question while no answer has been measured (a cold start is not refused on a guess)', async () => {
    const { db } = await open();
    const results = [];
    for (let i = 0; i < 300; i++)
      results.push((await db.queue.enqueue(job(`cold${i}`), { ...policy, maxWaitMs: 1 }, T0)).status);
    expect(results.filter((r) => r === 'queued')).toHaveLength(300);
  });

  it('forgets the token when a job ends, and prunes old jobs', async () => {
    const { db } = await open();
    const j = job('u');
    await db.queue.enqueue(j, policy, T0);
    await db.queue.claim('w', [1], 1000, T0);
    await db.queue.finish(j.id, 'w', 'answered');
    expect(await db.queue.prune(60_000)).toBe(0);
    await sleep(20);
    expect(await db.queue.prune(10)).toBe(1);
    expect(await db.queue.enqueue(j, policy, T0)).toEqual({ status: 'queued', expectedWaitMs: 0 });
  });
});

describe.each(backends)('on %s the database’s clock decides, whatever the workers’ clocks say', (backend) => {
  const open = async () => {
    const setting = await freshDatabase(backend);
    return { setting, db: await openAgain(setting) };
  };
  const SKEWS = [20_000, -20_000, 90_000];

  it.each(SKEWS)(
    'a worker whose clock is off by %i ms never takes a job whose lease is still running',
    async (skew) => {
      const { db } = await open();
      const j = job('u');
      await db.queue.enqueue(j, policy, Date.now());
      expect(await db.queue.claim('answering', [1], 10_000, Date.now())).toMatchObject({ id: j.id });
      expect(await db.queue.claim('skewed', [1], 10_000, Date.now() + skew)).toBeUndefined();
      expect(await db.queue.renew('answering', [j.id], 10_000)).toEqual([j.id]);
      expect(await db.queue.claim('skewed', [1], 10_000, Date.now() + skew)).toBeUndefined();
    },
  );

  it.each(SKEWS)(
    'a worker whose clock is off by %i ms takes a dead worker’s job once its lease ran out, not the offset later',
    async (skew) => {
      const { db } = await open();
      const j = job('u');
      await db.queue.enqueue(j, policy, Date.now());
      await db.queue.claim('dead', [1], 300, Date.now());
      let again: Awaited<ReturnType<typeof db.queue.claim>>;
      // Polled for at most 5 s: a lease judged by a clock 20 s behind would still be running.
      for (let i = 0; i < 200 && again === undefined; i++) {
        await sleep(25);
        again = await db.queue.claim('skewed', [1], 10_000, Date.now() + skew);
      }
      expect(again).toMatchObject({ id: j.id, attempts: 2 });
    },
  );

  it('each worker gets the token’s deadline on its own clock', async () => {
    const { db } = await open();
    const arrived = Date.now();
    const jobs = [job('a', { receivedAt: arrived }), job('b', { receivedAt: arrived })];
    for (const j of jobs) await db.queue.enqueue(j, policy, arrived);
    const ahead = Date.now() + 20_000;
    const behind = Date.now() - 20_000;
    const [x, y] = [
      await db.queue.claim('ahead', [1], 10_000, ahead),
      await db.queue.claim('behind', [1], 10_000, behind),
    ];
    // Both see (nearly) 15 minutes left, each by its own clock.
    for (const [got, now] of [
      [x, ahead],
      [y, behind],
    ] as const) {
      const left = (got?.expiresAt ?? 0) - now;
      expect(left).toBeLessThanOrEqual(TOKEN_LIFETIME_MS);
      expect(left).toBeGreaterThan(TOKEN_LIFETIME_MS - 5_000);
    }
  });

  it('heartbeats and waits: a worker 20 s behind counts as alive, an endpoint 20 s off does not change a wait', async () => {
    const { db } = await open();
    await db.queue.heartbeat({ id: 'behind', host: 'h', pid: 1, slots: 2 }, 0);
    const now = Date.now();
    await db.queue.enqueue(job('x', { receivedAt: now + 20_000 }), policy, now + 20_000);
    await db.queue.enqueue(job('y', { receivedAt: now - 20_000 }), policy, now - 20_000);
    const stats = await db.queue.stats(policy);
    expect(stats).toMatchObject({ workers: 1, slots: 2, waiting: 2 });
    expect(stats.oldestWaitMs).toBeLessThan(5_000);
  });
});
