import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { OperatorError } from '../cli/args';
import { isPidAlive } from '../process';

// Which processes use a SQLite store right now, so that `npm run restore` and `npm run
// migrate-store` never replace or move a database under a running service. Each `npm start`
// process leaves a small file in DATA_DIR/run/ while it runs (a SIGKILLed one leaves it behind, but
// its pid is dead); `npm run index` holds the store's run lock; workers beat in the queue.

/** What a running process says about itself. */
export interface ServiceMarker {
  pid: number;
  host: string;
  role: string;
  /** The SQLite store file it uses (absolute), or '' for PostgreSQL. */
  database: string;
  startedAt: number;
}

const runDir = (dataDir: string) => path.join(dataDir, 'run');

/**
 * Leaves this process's marker in DATA_DIR/run/<pid>.json; the returned function removes it (at
 * the graceful stop). Never throws: a read-only DATA_DIR only loses the marker.
 */
export function markRunning(
  dataDir: string,
  marker: Omit<ServiceMarker, 'pid' | 'host' | 'startedAt'>,
): () => void {
  const file = path.join(runDir(dataDir), `${process.pid}.json`);
  try {
    mkdirSync(runDir(dataDir), { recursive: true });
    const full: ServiceMarker = { pid: process.pid, host: hostname(), startedAt: Date.now(), ...marker };
    writeFileSync(file, `${JSON.stringify(full)}\n`);
  } catch {
    return () => {};
  }
  return () => rmSync(file, { force: true });
}

/** The markers of processes still alive on this machine that use `database` (absolute path). */
export function runningServices(dataDir: string, database: string): ServiceMarker[] {
  const dir = runDir(dataDir);
  if (!existsSync(dir)) return [];
  const found: ServiceMarker[] = [];
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.json')) continue;
    try {
      const m = JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as ServiceMarker;
      if (m.host === hostname() && !isPidAlive(m.pid)) continue;
      if (m.database === '' || path.resolve(m.database) === path.resolve(database)) found.push(m);
    } catch {
      // A marker being written, or garbage: not a proof of anything.
    }
  }
  return found;
}

/** A worker alive within this long has beaten in the queue recently. */
const WORKER_FRESH_MS = 60_000;

/**
 * Every sign that a process uses the SQLite store `storeFile` (and its queue `queueFile`) now, as
 * lines for the operator: a live `npm start` marker, a worker that beat in the queue within the
 * last minute with a live pid, an index run holding the store's lock. Empty when none.
 */
export function whoUsesStore(dataDir: string, storeFile: string, queueFile: string): string[] {
  const users = runningServices(dataDir, storeFile).map(
    (m) =>
      `npm start (ROLE=${m.role}, pid ${m.pid} on ${m.host}, started ${new Date(m.startedAt).toISOString()})`,
  );
  const host = hostname();
  const alive = (pid: number, on: string) => on !== host || isPidAlive(pid);
  const read = <T>(file: string, query: string): T[] => {
    if (!existsSync(file)) return [];
    const db = new Database(file, { fileMustExist: true });
    try {
      db.pragma('busy_timeout = 5000');
      return db.prepare(query).all() as T[];
    } catch {
      return []; // no such table: nothing there has run
    } finally {
      db.close();
    }
  };
  for (const w of read<{ pid: number; host: string; heartbeat_at: number }>(
    queueFile,
    `SELECT pid, host, heartbeat_at FROM workers WHERE heartbeat_at >= ${Date.now() - WORKER_FRESH_MS}`,
  )) {
    if (alive(w.pid, w.host) && !users.some((u) => u.includes(`pid ${w.pid} `)))
      users.push(`an answer worker (pid ${w.pid} on ${w.host})`);
  }
  for (const row of read<{ value: string }>(
    storeFile,
    `SELECT value FROM indexer_state WHERE key = 'lock'`,
  )) {
    try {
      const h = JSON.parse(row.value) as { pid: number; host: string };
      if (alive(h.pid, h.host)) users.push(`an index run (pid ${h.pid} on ${h.host})`);
    } catch {
      // not a lock we wrote
    }
  }
  return users;
}

/**
 * Throws the operator's refusal when any process uses the SQLite store (see {@link whoUsesStore}):
 * each user on a line, then what to do.
 */
export function refuseWhileInUse(
  tool: string,
  dataDir: string,
  store: { path: string; queuePath: string },
): void {
  const users = whoUsesStore(dataDir, store.path, store.queuePath);
  if (users.length === 0) return;
  throw new OperatorError(
    [
      `${tool} refused: the store ${store.path} is in use by:`,
      ...users.map((u) => `  ${u}`),
      `stop them first (e.g. sudo systemctl stop askbot), then run npm run ${tool} again`,
    ].join('\n'),
  );
}
