import path from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { tempDir } from '../../../test/tmp';
import { sqliteExecutor } from './executor';

/** A WAL-mode database file with one table, as openSqlite leaves a connection (busy timeout 0). */
function open(file?: string) {
  const f = file ?? path.join(tempDir('askbot-exec-'), 'x.sqlite');
  const conn = new Database(f);
  conn.pragma('journal_mode = WAL');
  conn.pragma('busy_timeout = 0');
  conn.exec('CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
  return { conn, file: f };
}

describe('the SQLite executor', () => {
  it('prepares a query once and runs it with each call’s own parameters', async () => {
    const { conn } = open();
    const exec = sqliteExecutor(conn);
    const prepare = vi.spyOn(conn, 'prepare');
    for (let i = 0; i < 50; i++) await exec.run(sql`INSERT INTO t (id, v) VALUES (${i}, ${`v${i}`})`);
    const got: string[] = [];
    for (let i = 0; i < 50; i += 7)
      got.push((await exec.get<{ v: string }>(sql`SELECT v FROM t WHERE id = ${i}`))?.v ?? '');
    expect(got).toEqual(['v0', 'v7', 'v14', 'v21', 'v28', 'v35', 'v42', 'v49']);
    expect(await exec.all<{ id: number }>(sql`SELECT id FROM t WHERE id < ${3} ORDER BY id`)).toEqual([
      { id: 0 },
      { id: 1 },
      { id: 2 },
    ]);
    // One INSERT, one SELECT … WHERE id =, one SELECT … WHERE id <: 50 + 8 + 1 calls, 3 statements.
    expect(prepare).toHaveBeenCalledTimes(3);
  });

  it('does not keep batch inserts, whose text changes with their row count', async () => {
    const { conn } = open();
    const exec = sqliteExecutor(conn);
    const prepare = vi.spyOn(conn, 'prepare');
    const rows = (from: number, n: number) =>
      sql.join(
        Array.from({ length: n }, (_, k) => sql`(${from + k}, ${'x'})`),
        sql`, `,
      );
    // 20 rows, 40 parameters each time: prepared for each call, as drizzle's one-time queries were.
    for (let b = 0; b < 3; b++) await exec.run(sql`INSERT INTO t (id, v) VALUES ${rows(b * 20, 20)}`);
    expect(prepare).toHaveBeenCalledTimes(3);
    expect((await exec.get<{ n: number }>(sql`SELECT count(*) AS n FROM t`))?.n).toBe(60);
  });

  it('keeps the statements used most recently when there are more texts than it keeps', async () => {
    const { conn } = open();
    const exec = sqliteExecutor(conn);
    const hot = sql`SELECT count(*) AS n FROM t WHERE id > ${0}`;
    await exec.get(hot);
    // 300 other texts, with the hot query used between them.
    for (let i = 0; i < 300; i++) {
      await exec.get(sql.raw(`SELECT ${i} AS k`));
      await exec.get(hot);
    }
    const prepare = vi.spyOn(conn, 'prepare');
    await exec.get(hot);
    await exec.get(sql.raw('SELECT 299 AS k'));
    expect(prepare).toHaveBeenCalledTimes(0);
    // The first of the 300 was pushed out long ago.
    await exec.get(sql.raw('SELECT 0 AS k'));
    expect(prepare).toHaveBeenCalledTimes(1);
  });

  it('rolls a failed transaction back, and waits for another connection’s write lock without blocking', async () => {
    const a = open();
    const b = open(a.file);
    const exec = sqliteExecutor(a.conn);
    await expect(
      exec.transaction(async (tx) => {
        await tx.run(sql`INSERT INTO t (id, v) VALUES (${1}, ${'kept?'})`);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await exec.get(sql`SELECT v FROM t WHERE id = ${1}`)).toBeUndefined();

    // Another connection holds the write lock for 60 ms; the event loop keeps running meanwhile.
    b.conn.exec('BEGIN IMMEDIATE');
    const released = new Promise<void>((resolve) =>
      setTimeout(() => {
        b.conn.exec('COMMIT');
        resolve();
      }, 60),
    );
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 5);
    const started = performance.now();
    await exec.run(sql`INSERT INTO t (id, v) VALUES (${2}, ${'after the lock'})`);
    clearInterval(ticker);
    await released;
    expect(performance.now() - started).toBeGreaterThanOrEqual(50);
    expect(ticks).toBeGreaterThan(3);
    expect((await exec.get<{ v: string }>(sql`SELECT v FROM t WHERE id = ${2}`))?.v).toBe('after the lock');
  });

  it('takes a lock released within its short naps without waiting for a timer', async () => {
    const a = open();
    // Another thread holds the write lock and releases it 10 ms later, while this thread naps.
    const holder = new Worker(
      `const { parentPort, workerData } = require('node:worker_threads');
       const conn = new (require('better-sqlite3'))(workerData.file);
       conn.exec('BEGIN IMMEDIATE');
       parentPort.postMessage('locked');
       Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
       conn.exec('COMMIT');
       conn.close();`,
      { eval: true, workerData: { file: a.file } },
    );
    await new Promise((resolve) => holder.once('message', resolve));
    const exec = sqliteExecutor(a.conn, { naps: [20, 40, 80] });
    const timers = vi.spyOn(globalThis, 'setTimeout');
    await exec.run(sql`INSERT INTO t (id, v) VALUES (${1}, ${'after a nap'})`);
    const used = timers.mock.calls.length;
    timers.mockRestore();
    await holder.terminate();
    expect(used).toBe(0);
    expect((await exec.get<{ v: string }>(sql`SELECT v FROM t WHERE id = ${1}`))?.v).toBe('after a nap');
  });
});
