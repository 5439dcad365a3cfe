import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { migrationsDir } from '../../paths';
import { acquireRunLock } from '../queries/lock';
import { createStore } from '../queries/store';
import type { Store } from '../types';
import { LOCK_WAIT_MS, sqliteExecutor } from './executor';
import { fts5Keywords } from './keywords';

export const SQLITE_MIGRATIONS = migrationsDir();

/**
 * A better-sqlite3 connection in WAL mode (readers never block the writer) with a busy timeout,
 * after applying the drizzle-kit migrations of `migrationsFolder`. `synchronous = FULL` makes each
 * commit survive a power cut, not only a crash (the queue's acknowledgements need that).
 */
export function openSqlite(
  file: string,
  migrationsFolder: string,
  opts: { synchronous?: 'NORMAL' | 'FULL' } = {},
): Database.Database {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const conn = new Database(file);
  conn.pragma('journal_mode = WAL');
  conn.pragma(`synchronous = ${opts.synchronous ?? 'NORMAL'}`);
  // Migrations run once at start, synchronously: there, waiting for another process is fine.
  conn.pragma(`busy_timeout = ${LOCK_WAIT_MS}`);
  migrate(drizzle(conn), { migrationsFolder });
  // From now on the executor waits for locks itself, asynchronously (never blocking the event loop).
  conn.pragma('busy_timeout = 0');
  return conn;
}

/** The SQLite store in `file` (created, and migrated, as needed). */
export function openSqliteStore(file: string): Store {
  const conn = openSqlite(file, SQLITE_MIGRATIONS);
  const exec = sqliteExecutor(conn);
  return createStore(exec, {
    keywords: fts5Keywords,
    acquireLock: (opts) => acquireRunLock(exec, opts),
    async close() {
      if (conn.open) conn.close();
    },
  });
}
