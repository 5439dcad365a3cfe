import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { sql } from 'drizzle-orm';
import { isPidAlive } from '../../process';
import { asNumber, type Executor } from '../sql';
import type { LockHolder, LockResult } from '../types';

const LOCK_KEY = 'lock';

/** Who holds the lock as written in the row (the heartbeat is the row's `updated_at`). */
type Written = Omit<LockHolder, 'heartbeatAt'>;

interface Row {
  value: string;
  updated_at: unknown;
  now: unknown;
}

function holderOf(row: Row): LockHolder | undefined {
  try {
    const w = JSON.parse(row.value) as Written;
    return { ...w, heartbeatAt: asNumber(row.updated_at) };
  } catch {
    return undefined;
  }
}

/**
 * The index run lock of every process sharing one store, SQLite or PostgreSQL alike: a row in
 * indexer_state whose `updated_at` the holder renews every `heartbeatMs`, stamped and judged by the
 * database's clock (a holder on a machine whose clock is off is neither cut short nor waited for
 * too long). A holder whose heartbeat is older than `staleMs`, or whose pid is dead on this host
 * (a SIGKILLed run), is taken over; taking and renewing compare the whole row, so two processes
 * never both win.
 *
 * Unlike a session advisory lock it needs no connection of its own held for the run, so it is
 * correct through a transaction pooler such as PgBouncer in transaction mode, where consecutive
 * statements of one client may run on different server sessions.
 */
export async function acquireRunLock(
  exec: Executor,
  opts: { heartbeatMs?: number; staleMs?: number } = {},
): Promise<LockResult> {
  const heartbeatMs = opts.heartbeatMs ?? 5_000;
  const staleMs = opts.staleMs ?? 30_000;
  const host = hostname();
  const read = (tx: Executor) =>
    tx.get<Row>(sql`SELECT value, updated_at, ${tx.now} AS now FROM indexer_state WHERE key = ${LOCK_KEY}`);
  const got = await exec.transaction(
    async (tx): Promise<{ busy: LockHolder } | { me: LockHolder; mine: string; replaced?: LockHolder }> => {
      const row = await read(tx);
      const holder = row === undefined ? undefined : holderOf(row);
      const now =
        row === undefined
          ? asNumber((await tx.get<{ now: unknown }>(sql`SELECT ${tx.now} AS now`))?.now)
          : asNumber(row.now);
      const stale =
        holder === undefined ||
        now - holder.heartbeatAt > staleMs ||
        (holder.host === host && !isPidAlive(holder.pid));
      if (row !== undefined && holder !== undefined && !stale) return { busy: holder };
      const written: Written = { pid: process.pid, host, token: randomUUID(), startedAt: now };
      const mine = JSON.stringify(written);
      const changed =
        row === undefined
          ? await tx.run(sql`
              INSERT INTO indexer_state (key, value, updated_at) VALUES (${LOCK_KEY}, ${mine}, ${tx.now})
              ON CONFLICT (key) DO NOTHING`)
          : await tx.run(sql`
              UPDATE indexer_state SET value = ${mine}, updated_at = ${tx.now}
              WHERE key = ${LOCK_KEY} AND value = ${row.value} AND updated_at = ${asNumber(row.updated_at)}`);
      if (changed === 0) {
        // Another process took it between the read and the write.
        const now2 = await read(tx);
        const other = now2 === undefined ? undefined : holderOf(now2);
        return {
          busy: other ?? { pid: 0, host: 'another process', token: '', startedAt: now, heartbeatAt: now },
        };
      }
      return {
        me: { ...written, heartbeatAt: now },
        mine,
        ...(holder === undefined ? {} : { replaced: holder }),
      };
    },
  );
  if ('busy' in got) return { busy: got.busy };

  const { me, mine } = got;
  const lost = new AbortController();
  let released = false;
  const timer = setInterval(() => {
    void exec
      .run(sql`UPDATE indexer_state SET updated_at = ${exec.now} WHERE key = ${LOCK_KEY} AND value = ${mine}`)
      .then(
        (changed) => {
          if (changed === 0 && !released) {
            clearInterval(timer);
            lost.abort(new Error('another index run took over the lock'));
          }
        },
        // A busy or unreachable database delays one heartbeat; the next retries long before the lock is stale.
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
        await exec.run(sql`DELETE FROM indexer_state WHERE key = ${LOCK_KEY} AND value = ${mine}`);
      },
    },
  };
}
