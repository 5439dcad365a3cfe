import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { sql } from 'drizzle-orm';
import type pg from 'pg';
import type { Executor } from '../sql';
import type { LockHolder, LockResult } from '../types';

/** Advisory lock keys of the product: (namespace, lock). */
export const LOCK_NAMESPACE = 72_617; // "askbot" in no particular encoding, only distinct
export const MIGRATION_LOCK = 1;
const INDEX_RUN_LOCK = 2;
const HOLDER_KEY = 'lock';

/**
 * The run lock of every process sharing one PostgreSQL database: a session advisory lock held on a
 * connection of its own for the whole run. A holder that dies loses its session and so the lock,
 * at once; the row in indexer_state only says who holds it, for the "busy" message.
 * https://www.postgresql.org/docs/15/explicit-locking.html#ADVISORY-LOCKS
 */
export async function acquirePostgresLock(
  pool: pg.Pool,
  exec: Executor,
  opts: { heartbeatMs?: number },
): Promise<LockResult> {
  const client = await pool.connect();
  let got = false;
  try {
    const res = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [
      LOCK_NAMESPACE,
      INDEX_RUN_LOCK,
    ]);
    got = res.rows[0]?.ok === true;
  } catch (err) {
    client.release(true);
    throw err;
  }
  const previous = await readHolder(exec);
  if (!got) {
    client.release();
    return {
      busy: previous ?? {
        pid: 0,
        host: 'another process',
        token: '',
        startedAt: Date.now(),
        heartbeatAt: Date.now(),
      },
    };
  }
  const now = Date.now();
  const me: LockHolder = {
    pid: process.pid,
    host: hostname(),
    token: randomUUID(),
    startedAt: now,
    heartbeatAt: now,
  };
  await exec.run(sql`
    INSERT INTO indexer_state (key, value, updated_at) VALUES (${HOLDER_KEY}, ${JSON.stringify(me)}, ${now})
    ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`);
  const lost = new AbortController();
  let released = false;
  const onError = (err: Error) => {
    if (!released) lost.abort(err);
  };
  client.on('error', onError);
  // The lock lives as long as this connection: check it now and then, so a lost connection stops the run.
  const timer = setInterval(() => {
    client.query('SELECT 1').catch((err: Error) => onError(err));
  }, opts.heartbeatMs ?? 5_000);
  timer.unref();
  return {
    // A holder row we did not write, while nobody held the lock: that run died.
    ...(previous === undefined ? {} : { replaced: previous }),
    lock: {
      holder: me,
      lost: lost.signal,
      async release() {
        if (released) return;
        released = true;
        clearInterval(timer);
        client.off('error', onError);
        try {
          await exec.run(
            sql`DELETE FROM indexer_state WHERE key = ${HOLDER_KEY} AND value = ${JSON.stringify(me)}`,
          );
          await client.query('SELECT pg_advisory_unlock($1, $2)', [LOCK_NAMESPACE, INDEX_RUN_LOCK]);
          client.release();
        } catch {
          // The session is gone, and the lock with it.
          client.release(true);
        }
      },
    },
  };
}

async function readHolder(exec: Executor): Promise<LockHolder | undefined> {
  const row = await exec.get<{ value: string }>(
    sql`SELECT value FROM indexer_state WHERE key = ${HOLDER_KEY}`,
  );
  if (row === undefined) return undefined;
  try {
    return JSON.parse(row.value) as LockHolder;
  } catch {
    return undefined;
  }
}
