import Database from 'better-sqlite3';
import { type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { backends, freshDatabase, openAgain } from '../../test/databases';
import { POSTGRES_ROW_LOCK } from './postgres/open';
import { claimStatement } from './sql-queue';

// A claim holds the queue's write lock (SQLite) or a row lock (PostgreSQL): it must find the next
// job from the claim index, not by reading and sorting the whole queue, whose length it cannot bound.
const QUEUED = 3000;
const set = sql`status = 'running', lease_owner = 'w', lease_until = ${Date.now() + 60_000}, attempts = attempts + 1, started_at = 1`;

/**
 * The tables whose rows a plan sorts: in SQLite's plan, the table read just before a temporary
 * B-tree for ORDER BY; in PostgreSQL's, the table under a Sort node.
 */
function sortedTables(plan: string): string[] {
  const lines = plan.split('\n');
  const out: string[] = [];
  lines.forEach((line, i) => {
    if (/USE TEMP B-TREE FOR ORDER BY/.test(line)) {
      const read = lines
        .slice(0, i)
        .reverse()
        .find((l) => /^(SCAN|SEARCH) /.test(l.trim()));
      out.push(read?.trim().split(' ')[1] ?? '?');
    }
    if (/->\s+Sort\b/.test(line)) {
      const depth = line.indexOf('->');
      const below = lines.slice(i + 1).find((l) => /Scan on (\w+)/.test(l) && l.indexOf('->') > depth);
      out.push(below?.match(/Scan on (\w+)/)?.[1] ?? '?');
    }
  });
  return out;
}

describe.each(backends)(`claiming on %s with ${QUEUED} jobs queued`, (backend) => {
  it('reads the next job from the claim index, in order', async () => {
    const setting = await freshDatabase(backend);
    await openAgain(setting); // applies the migrations
    const lanes = [0, 1];
    const statement = (rowLock: SQL) => claimStatement({ lanes, now: sql`${Date.now()}`, set, rowLock });
    const fill = `INSERT INTO jobs (id, kind, guild_id, user_id, token, lane, turn, status, payload, state, received_at, expires_at, attempts)`;
    let plans: string[];
    let claimed: string[];
    if (setting.kind === 'sqlite') {
      const conn = new Database(setting.queuePath);
      conn.transaction(() => {
        const insert = conn.prepare(
          `${fill} VALUES (?, 'ask', 'g', ?, 't', 1, ?, 'queued', '{}', '{}', ?, ?, 0)`,
        );
        for (let i = 0; i < QUEUED; i++) insert.run(`j${i}`, `u${i % 700}`, 1 + (i % 3), i, i + 900_000);
      })();
      const dialect = new SQLiteSyncDialect();
      const plan = (q: SQL) => {
        const { sql: text, params } = dialect.sqlToQuery(q);
        return (conn.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...params) as { detail: string }[])
          .map((r) => r.detail)
          .join('\n');
      };
      plans = [plan(statement(sql``))];
      const claim = (() => {
        const { sql: text, params } = dialect.sqlToQuery(statement(sql``));
        return () => (conn.prepare(text).get(...params) as { id: string }).id;
      })();
      claimed = [claim(), claim(), claim()];
      conn.close();
    } else {
      const client = new pg.Client({ connectionString: setting.url });
      await client.connect();
      await client.query(
        `${fill} SELECT 'j' || i, 'ask', 'g', 'u' || (i % 700), 't', 1, 1 + i % 3, 'queued', '{}', '{}', i, i + 900000, 0
         FROM generate_series(0, ${QUEUED - 1}) i`,
      );
      await client.query('ANALYZE jobs');
      const dialect = new PgDialect();
      const plan = async (q: SQL) => {
        const { sql: text, params } = dialect.sqlToQuery(q);
        const r = await client.query(`EXPLAIN ${text}`, params);
        return r.rows.map((row: Record<string, string>) => Object.values(row)[0]).join('\n');
      };
      plans = [await plan(statement(POSTGRES_ROW_LOCK))];
      const { sql: text, params } = dialect.sqlToQuery(statement(POSTGRES_ROW_LOCK));
      claimed = [];
      for (let i = 0; i < 3; i++) claimed.push((await client.query(text, params)).rows[0].id);
      await client.end();
    }
    for (const p of plans) {
      expect(p).toMatch(/jobs_claim_idx/);
      expect(p).not.toMatch(/SCAN jobs\b|Seq Scan on jobs|MULTI-INDEX OR|BitmapOr/);
      expect(sortedTables(p)).not.toContain('jobs');
    }
    // Turn 1 first (every third job), oldest first.
    expect(claimed).toEqual(['j0', 'j3', 'j6']);
  });
});
