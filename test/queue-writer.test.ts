import { readdirSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from './process';
import { startService } from './service';
import { tempDir } from './tmp';

// ROLE=all's worker thread sends its queue calls to the main thread (src/queue/over-port.ts): one
// connection writes the queue file, so an acknowledgement never waits for a write lock held by the
// worker thread, which runs at SCHED_IDLE and can be kept off the core while it holds it.

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** How many descriptors process `pid` holds on `file` itself (one per SQLite connection; -wal and -shm apart). */
const openCount = (pid: number, file: string) =>
  readdirSync(`/proc/${pid}/fd`).filter((fd) => {
    try {
      return readlinkSync(`/proc/${pid}/fd/${fd}`) === file;
    } catch {
      return false; // closed meanwhile
    }
  }).length;

describe.runIf(process.platform === 'linux')('ROLE=all and its queue', () => {
  it("holds one connection to the queue file, and the worker thread's calls reach it through the main thread", async () => {
    const dataDir = tempDir();
    const service = await startService({ role: 'all', dataDir });
    cleanups.push(service.stop);
    const pid = service.run.child.pid ?? 0;
    // 'started' is logged once the worker thread runs.
    await until(
      () => /"msg":"started"/.test(service.run.stdout()),
      30_000,
      () => service.run.stdout() + service.run.stderr(),
    );
    const queueFile = path.join(dataDir, 'bot.queue.sqlite');
    expect(openCount(pid, queueFile)).toBe(1);
    // The store is opened by both threads: it is the queue alone that the worker thread reaches
    // through the main thread.
    expect(openCount(pid, path.join(dataDir, 'bot.sqlite'))).toBe(2);
    // The worker thread's heartbeat, written through the main thread's connection.
    const db = new Database(queueFile, { readonly: true });
    cleanups.push(async () => {
      db.close();
    });
    const workers = db.prepare('SELECT slots FROM workers').all() as { slots: number }[];
    expect(workers).toHaveLength(1);
    expect(workers[0]?.slots).toBeGreaterThan(0);
  }, 60_000);
});
