import { desc, eq, ne } from 'drizzle-orm';
import type { Db } from './db';
import { markAllUnsynced } from './messages';
import { collections, type IndexRunRow, indexerState, indexRuns } from './schema';

export type RunStatus = 'running' | 'ok' | 'partial' | 'failed';

export interface RunTotals {
  channels: number;
  messagesNew: number;
  messagesEdited: number;
  messagesDeleted: number;
  messagesEmbedded: number;
}

export function startRun(db: Db, startedAt: number, source: string): number {
  const row = db
    .insert(indexRuns)
    .values({ startedAt, status: 'running', source })
    .returning({ id: indexRuns.id })
    .get();
  return row.id;
}

export function finishRun(
  db: Db,
  id: number,
  r: RunTotals & { finishedAt: number; status: RunStatus; error: string | null },
): void {
  db.update(indexRuns).set(r).where(eq(indexRuns.id, id)).run();
}

/** The most recent run, finished or not. */
export function lastRun(db: Db): IndexRunRow | undefined {
  return db.select().from(indexRuns).orderBy(desc(indexRuns.id)).limit(1).get();
}

/** Runs left 'running' by a killed process are closed as failed when the next one starts. */
export function closeAbandonedRuns(db: Db, now: number): void {
  db.update(indexRuns)
    .set({
      status: 'failed',
      finishedAt: now,
      error: 'interrupted (the process stopped before the run ended)',
    })
    .where(eq(indexRuns.status, 'running'))
    .run();
}

// ---- Cross-process run lock -------------------------------------------------------------------

/** Who holds the indexer lock; `token` tells two holders in one process apart. */
export interface LockHolder {
  pid: number;
  host: string;
  token: string;
  startedAt: number;
  heartbeatAt: number;
}

const LOCK_KEY = 'lock';

function readLock(db: Db): LockHolder | undefined {
  const row = db.select().from(indexerState).where(eq(indexerState.key, LOCK_KEY)).get();
  if (row === undefined) return undefined;
  try {
    return JSON.parse(row.value) as LockHolder;
  } catch {
    return undefined;
  }
}

/**
 * Takes the lock when it is free or its holder is stale (as `isStale` judges), inside one
 * IMMEDIATE transaction so that two processes can never both win.
 */
export function tryAcquireLock(
  db: Db,
  me: LockHolder,
  isStale: (holder: LockHolder) => boolean,
): { acquired: true; replaced?: LockHolder } | { acquired: false; holder: LockHolder } {
  return db.$client
    .transaction(() => {
      const holder = readLock(db);
      if (holder !== undefined && !isStale(holder)) return { acquired: false as const, holder };
      db.insert(indexerState)
        .values({ key: LOCK_KEY, value: JSON.stringify(me), updatedAt: me.heartbeatAt })
        .onConflictDoUpdate({
          target: indexerState.key,
          set: { value: JSON.stringify(me), updatedAt: me.heartbeatAt },
        })
        .run();
      return holder === undefined
        ? { acquired: true as const }
        : { acquired: true as const, replaced: holder };
    })
    .immediate();
}

/** Refreshes our heartbeat; false when the lock is no longer ours (another run took it over). */
export function heartbeatLock(db: Db, me: LockHolder, now: number): boolean {
  return db.$client
    .transaction(() => {
      const holder = readLock(db);
      if (holder?.token !== me.token) return false;
      const value = JSON.stringify({ ...me, heartbeatAt: now });
      db.update(indexerState).set({ value, updatedAt: now }).where(eq(indexerState.key, LOCK_KEY)).run();
      return true;
    })
    .immediate();
}

export function releaseLock(db: Db, token: string): void {
  db.$client
    .transaction(() => {
      if (readLock(db)?.token === token) db.delete(indexerState).where(eq(indexerState.key, LOCK_KEY)).run();
    })
    .immediate();
}

// ---- Vector collections and the outbox ----------------------------------------------------------

const OUTBOX_KEY = 'outbox_collection';

export type CollectionRow = typeof collections.$inferSelect;

/** The collection whose state `messages.vector_synced` describes, if any. */
export function outboxCollection(db: Db): string | undefined {
  return db.select().from(indexerState).where(eq(indexerState.key, OUTBOX_KEY)).get()?.value;
}

export function getCollection(db: Db, name: string): CollectionRow | undefined {
  return db.select().from(collections).where(eq(collections.name, name)).get();
}

/**
 * Points the outbox at a (new or stale) collection: every message becomes unsynced so the embed
 * stage fills it from SQLite, and every other collection is no longer ready (the outbox stops
 * tracking them). One transaction, so a crash never leaves a half-switched outbox.
 */
export function beginCollectionFill(
  db: Db,
  c: { name: string; model: string; dimension: number | null; now: number },
): void {
  db.transaction((tx) => {
    markAllUnsynced(db);
    tx.update(collections).set({ ready: false }).where(ne(collections.name, c.name)).run();
    tx.insert(collections)
      .values({ name: c.name, model: c.model, dimension: c.dimension, createdAt: c.now, ready: false })
      .onConflictDoUpdate({ target: collections.name, set: { model: c.model, ready: false } })
      .run();
    tx.insert(indexerState)
      .values({ key: OUTBOX_KEY, value: c.name, updatedAt: c.now })
      .onConflictDoUpdate({ target: indexerState.key, set: { value: c.name, updatedAt: c.now } })
      .run();
  });
}

export function setCollectionState(db: Db, name: string, s: { ready?: boolean; dimension?: number }): void {
  db.update(collections).set(s).where(eq(collections.name, name)).run();
}
