import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Clock } from '../async';
import { isPidAlive } from '../process';
import type { Db } from '../store/db';
import { heartbeatLock, type LockHolder, releaseLock, tryAcquireLock } from '../store/runs';

export interface RunLock {
  readonly holder: LockHolder;
  release(): void;
}

export interface LockOptions {
  /** How often the holder refreshes its heartbeat. */
  heartbeatMs?: number;
  /** A heartbeat older than this marks a holder as dead even when its pid looks alive (pid reuse, other host). */
  staleMs?: number;
  /** Called when the heartbeat finds that another run took the lock over. */
  onLost?: () => void;
}

/**
 * The one-run-at-a-time lock, shared by every process on the same SQLite file: a row holding the
 * holder's pid, host and heartbeat. A run that was SIGKILLed leaves the row behind, but its pid is
 * dead (or its heartbeat goes stale), so the next run takes the lock over instead of waiting forever.
 */
export function acquireRunLock(
  db: Db,
  clock: Clock,
  opts: LockOptions = {},
): { lock: RunLock; replaced?: LockHolder } | { busy: LockHolder } {
  const heartbeatMs = opts.heartbeatMs ?? 5_000;
  const staleMs = opts.staleMs ?? 60_000;
  const host = hostname();
  const now = clock.now();
  const me: LockHolder = { pid: process.pid, host, token: randomUUID(), startedAt: now, heartbeatAt: now };
  const isStale = (h: LockHolder) =>
    (h.host === host && !isPidAlive(h.pid)) || clock.now() - h.heartbeatAt > staleMs;
  const got = tryAcquireLock(db, me, isStale);
  if (!got.acquired) return { busy: got.holder };

  let released = false;
  const timer = setInterval(() => {
    let ours = true;
    try {
      ours = heartbeatLock(db, me, clock.now());
    } catch {
      // A busy database delays one heartbeat; the next one retries long before the lock is stale.
    }
    if (!ours) {
      clearInterval(timer);
      opts.onLost?.();
    }
  }, heartbeatMs);
  timer.unref();
  const lock: RunLock = {
    holder: me,
    release() {
      if (released) return;
      released = true;
      clearInterval(timer);
      releaseLock(db, me.token);
    },
  };
  return got.replaced === undefined ? { lock } : { lock, replaced: got.replaced };
}
