import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { moveStore } from '../src/ops/migrate-store';
import { snapshotSqlite } from '../src/ops/sqlite-backup';
import { openPostgresStore } from '../src/store/postgres/open';
import { openSqliteStore } from '../src/store/sqlite/open';
import type { BenchMessage, Corpus } from './corpus';
import { storeMessages } from './indexing';
import type { Cleanup } from './processes';

/**
 * Day-two operations on a store of `messages` while another process keeps writing to it:
 * `npm run backup`'s VACUUM INTO against SQLite's online backup API (in one step, and in its
 * default steps, which a writer restarts) and a plain copy of the file (which misses what is in
 * the WAL); and `npm run migrate-store` into PostgreSQL, stopped half-way and resumed, against the
 * bot's own write path into PostgreSQL (storePage) as the peer.
 */
export interface OperationsResult {
  messages: number;
  liveMiB: number;
  /** Messages the writer added while each copy ran. */
  vacuumInto: { seconds: number; mib: number; writtenMeanwhile: number };
  backupApiOneStep: { seconds: number; mib: number; writtenMeanwhile: number };
  /** Undefined seconds: the writer kept restarting it until the cap. */
  backupApiSteps: { seconds: number | undefined; capSeconds: number; writtenMeanwhile: number };
  /**
   * A plain `cp` of bot.sqlite while the writer writes: the rows it lacks (still in the WAL), or
   * `torn` when SQLite reads the copy as malformed (a checkpoint wrote pages during the copy).
   */
  plainCopy: { seconds: number; rowsMissing: number | 'torn' };
  move?: {
    rows: number;
    firstRunRows: number;
    resumedRows: number;
    seconds: number;
    rowsPerSec: number;
    storePageRowsPerSec: number;
  };
}

const MiB = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm')).href;
const count = (file: string) => {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

export async function benchOperations(opts: {
  dir: string;
  corpus: Corpus;
  messages: BenchMessage[];
  postgres: (<T>(f: (url: string) => Promise<T>) => Promise<T | undefined>) | undefined;
  cleanup: Cleanup;
  log: (line: string) => void;
}): Promise<OperationsResult> {
  const { dir, corpus, messages, log } = opts;
  const live = path.join(dir, 'ops', 'bot.sqlite');
  const store = openSqliteStore(live);
  await storeMessages(store, corpus, messages, 1000);
  await store.close();

  // The writer: 500 messages (one transaction) and one queued job every 20 ms, in another process.
  const writer: ChildProcess = spawn(
    process.execPath,
    ['--import', tsx, path.join(import.meta.dirname, 'store-writer.ts')],
    {
      env: { ...process.env, DATABASE_URL: live, WRITER_PAUSE_MS: '20' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  opts.cleanup.add('store writer', () => {
    writer.kill('SIGKILL');
  });
  let written = 0;
  writer.stdout?.on('data', (b: Buffer) => {
    const m = [...b.toString().matchAll(/wrote (\d+)/g)].at(-1);
    if (m) written = Number(m[1]);
  });
  while (written < 5000) await new Promise((r) => setTimeout(r, 50));
  const liveMiB = MiB(statSync(live).size + (statSync(`${live}-wal`, { throwIfNoEntry: false })?.size ?? 0));

  // Counted in the database: VACUUM INTO runs on this thread, so the writer's output waits meanwhile.
  const timed = async <T>(f: () => Promise<T> | T) => {
    const before = count(live);
    const t0 = performance.now();
    const value = await f();
    const seconds = (performance.now() - t0) / 1000;
    return { value, seconds, writtenMeanwhile: count(live) - before };
  };
  log('  VACUUM INTO while the writer writes …');
  const vacuum = await timed(() => snapshotSqlite(live, path.join(dir, 'ops', 'vacuum-into.sqlite')));

  log('  the online backup API in one step …');
  const src = new Database(live);
  src.pragma('busy_timeout = 30000');
  const oneStepFile = path.join(dir, 'ops', 'backup-one-step.sqlite');
  const oneStep = await timed(() => src.backup(oneStepFile, { progress: () => 1_000_000_000 }));

  log('  the online backup API in its default steps (capped at 60 s) …');
  const capSeconds = 60;
  const steps = await timed(
    () =>
      new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), capSeconds * 1000);
        src.backup(path.join(dir, 'ops', 'backup-steps.sqlite')).then(
          () => {
            clearTimeout(timer);
            resolve(true);
          },
          () => {
            clearTimeout(timer);
            resolve(false);
          },
        );
      }),
  );
  src.close();

  log('  a plain copy of bot.sqlite …');
  const plainFile = path.join(dir, 'ops', 'plain-copy.sqlite');
  const atCopy = count(live);
  const plain = await timed(() => copyFileSync(live, plainFile));
  const rowsMissing = (() => {
    try {
      return Math.max(0, atCopy - count(plainFile));
    } catch (err) {
      if (err instanceof Database.SqliteError && err.code === 'SQLITE_CORRUPT') return 'torn' as const;
      throw err;
    }
  })();

  writer.kill('SIGTERM');
  await new Promise((r) => writer.once('exit', r));

  const result: OperationsResult = {
    messages: messages.length,
    liveMiB,
    vacuumInto: {
      seconds: vacuum.seconds,
      mib: MiB(vacuum.value.bytes),
      writtenMeanwhile: vacuum.writtenMeanwhile,
    },
    backupApiOneStep: {
      seconds: oneStep.seconds,
      mib: MiB(statSync(oneStepFile).size),
      writtenMeanwhile: oneStep.writtenMeanwhile,
    },
    backupApiSteps: {
      seconds: steps.value ? steps.seconds : undefined,
      capSeconds,
      writtenMeanwhile: steps.writtenMeanwhile,
    },
    plainCopy: { seconds: plain.seconds, rowsMissing },
  };

  if (opts.postgres !== undefined) {
    log('  migrate-store into PostgreSQL, stopped half-way and resumed …');
    result.move = await opts.postgres(async (url) => {
      const source = { path: live, queuePath: live.replace(/\.sqlite$/, '.queue.sqlite') };
      const stop = new AbortController();
      const half = Math.floor(count(live) / 2);
      const t0 = performance.now();
      await moveStore({
        source,
        targetUrl: url,
        signal: stop.signal,
        onProgress: (p) => {
          if (p.table === 'messages' && p.copied >= half) stop.abort();
        },
      }).catch((err: unknown) => {
        if (!(err instanceof Error) || err.message !== 'stopped') throw err;
      });
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      const firstRunRows = Number(
        (await c.query('SELECT sum(copied) AS n FROM askbot_migrate_store')).rows[0]?.n ?? 0,
      );
      await c.end();
      const resumed = await moveStore({ source, targetUrl: url });
      const seconds = (performance.now() - t0) / 1000;
      const rows = resumed.tables.reduce((n, t) => n + t.rows, 0);
      // The peer: the same messages through the bot's own write path into another database.
      const peer = await opts.postgres?.(async (peerUrl) => {
        const { store: pgStore } = await openPostgresStore(peerUrl);
        try {
          return await storeMessages(pgStore, corpus, messages, 1000);
        } finally {
          await pgStore.close();
        }
      });
      return {
        rows,
        firstRunRows,
        resumedRows: resumed.copied,
        seconds,
        rowsPerSec: Math.round(rows / seconds),
        storePageRowsPerSec: peer === undefined ? Number.NaN : Math.round(messages.length / peer),
      };
    });
  }
  return result;
}
