import path from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/tmp';
import { sqliteExecutor } from './executor';

/** A connection to a fresh file in WAL mode, as openSqlite makes it, and its BEGIN/COMMIT count. */
function connection(file = path.join(tempDir(), 'x.sqlite')) {
  const conn = new Database(file);
  conn.pragma('journal_mode = WAL');
  conn.pragma('synchronous = FULL');
  conn.pragma('busy_timeout = 0');
  conn.exec('CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
  const counts = { begin: 0, commit: 0 };
  const exec = conn.exec.bind(conn);
  conn.exec = (text: string) => {
    if (text === 'BEGIN IMMEDIATE') counts.begin++;
    if (text === 'COMMIT') counts.commit++;
    return exec(text);
  };
  return { conn, counts, file };
}

describe('sqliteExecutor with group commit', () => {
  it('writes transactions that arrive together in one commit; each resolves only once it is on disk', async () => {
    const { conn, counts, file } = connection();
    const exec = sqliteExecutor(conn, { groupCommit: true });
    const other = new Database(file, { readonly: true });
    const seen: number[] = [];
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        exec
          .transaction((tx) => tx.run(sql`INSERT INTO t (id, v) VALUES (${i}, 'x')`))
          .then(() => {
            // Visible to another connection when it resolves: committed, not only written.
            seen.push((other.prepare('SELECT count(*) AS n FROM t WHERE id = ?').get(i) as { n: number }).n);
          }),
      ),
    );
    expect(seen).toEqual(Array(20).fill(1));
    expect(counts).toEqual({ begin: 1, commit: 1 });
    // Alone, a transaction commits at once, in a batch of its own.
    await exec.transaction((tx) => tx.run(sql`INSERT INTO t (id, v) VALUES (100, 'y')`));
    expect(counts).toEqual({ begin: 2, commit: 2 });
    other.close();
    conn.close();
  });

  it('rolls back only the transaction that failed; the others of its batch are committed', async () => {
    const { conn } = connection();
    const exec = sqliteExecutor(conn, { groupCommit: true });
    const results = await Promise.allSettled(
      [1, 2, 3].map((i) =>
        exec.transaction(async (tx) => {
          await tx.run(sql`INSERT INTO t (id, v) VALUES (${i}, 'x')`);
          if (i === 2) throw new Error('refused');
          return i;
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(conn.prepare('SELECT id FROM t ORDER BY id').pluck().all()).toEqual([1, 3]);
    conn.close();
  });

  it('waits for another connection that holds the write lock, without blocking the event loop', async () => {
    const { conn, file } = connection();
    const exec = sqliteExecutor(conn, { groupCommit: true });
    const holder = new Database(file);
    holder.exec('BEGIN IMMEDIATE');
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const write = exec.transaction((tx) => tx.run(sql`INSERT INTO t (id, v) VALUES (7, 'x')`));
    await new Promise((r) => setTimeout(r, 50));
    holder.exec('COMMIT');
    await write;
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(5);
    expect(conn.prepare('SELECT count(*) FROM t').pluck().get()).toBe(1);
    holder.close();
    conn.close();
  });
});
