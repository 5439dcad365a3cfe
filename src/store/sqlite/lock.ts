import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { sql } from 'drizzle-orm';
import { isPidAlive } from '../../process';
import type { Executor } from '../sql';
import type { LockHolder, LockResult } from '../types';

const LOCK_KEY = 'lock';

async function readHolder(exec: Executor): Promise<LockHolder | undefined> {
  const row = await exec.get<{ value: string }>(sql`SELECT value FROM indexer_state WHERE key = ${LOCK_KEY}`);
  if (row === undefined) return undefined;
  try {
    return JSON.parse(row.value) as LockHolder;
  } catch {
    return undefined;
  }
}

/**
 * The run lock of every process sharing one SQLite file: a row holding the holder's pid, host and
 * heartbeat, taken inside one IMMEDIATE transaction so two processes never both win. A run that
 * was SIGKILLed leaves the row behind, but its pid is dead (or its heartbeat goes stale), so the
 * next run takes it over instead of waiting forever.
 */
export async function acquireSqliteLock(
  exec: Executor,
  opts: { heartbeatMs?: number; staleMs?: number; now?: () => number },
): Promise<LockResult> {
  const heartbeatMs = opts.heartbeatMs ?? 5_000;
  const staleMs = opts.staleMs ?? 60_000;
  const now = opts.now ?? Date.now;
  const host = hostname();
  const me: LockHolder = {
    pid: process.pid,
    host,
    token: randomUUID(),
    startedAt: now(),
    heartbeatAt: now(),
  };
  const isStale = (h: LockHolder) =>
    (h.host === host && !isPidAlive(h.pid)) || now() - h.heartbeatAt > staleMs;
  const got = await exec.transaction(
    async (tx): Promise<{ busy: LockHolder } | { replaced: LockHolder | undefined }> => {
      const holder = await readHolder(tx);
      if (holder !== undefined && !isStale(holder)) return { busy: holder };
      await tx.run(sql`
      INSERT INTO indexer_state (key, value, updated_at) VALUES (${LOCK_KEY}, ${JSON.stringify(me)}, ${me.heartbeatAt})
      ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`);
      return { replaced: holder };
    },
  );
  if ('busy' in got) return { busy: got.busy };

  const lost = new AbortController();
  let released = false;
  const timer = setInterval(() => {
    void exec
      .transaction(async (tx) => {
        const holder = await readHolder(tx);
        if (holder?.token !== me.token) return false;
        const t = now();
        await tx.run(sql`UPDATE indexer_state SET value = ${JSON.stringify({ ...me, heartbeatAt: t })}, updated_at = ${t}
                         WHERE key = ${LOCK_KEY}`);
        return true;
      })
      .then(
        (ours) => {
          if (!ours && !released) {
            clearInterval(timer);
            lost.abort(new Error('another index run took over the lock'));
          }
        },
        // A busy database delays one heartbeat; the next one retries long before the lock is stale.
        () => {},
      );
  }, heartbeatMs);
  timer.unref();
  return {
    ...(got.replaced === undefined ? {} : { replaced: got.replaced }),
    lock: {
      holder: me,
      lost: lost.signal,
      async release() {
        if (released) return;
        released = true;
        clearInterval(timer);
        await exec.transaction(async (tx) => {
          if ((await readHolder(tx))?.token === me.token) {
            await tx.run(sql`DELETE FROM indexer_state WHERE key = ${LOCK_KEY}`);
          }
        });
      },
    },
  };
}
