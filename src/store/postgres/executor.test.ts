import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { freshDatabase } from '../../../test/databases';
import { postgresExecutor } from './executor';

describe.skipIf(!inject('postgresUrl'))('the PostgreSQL executor', () => {
  it("sends a transaction's queries to its connection one at a time, in call order, when they are started together", async () => {
    const setting = await freshDatabase('postgres');
    if (setting.kind !== 'postgres') throw new Error('expected PostgreSQL');
    const pool = new pg.Pool({ connectionString: setting.url, max: 4 });
    onTestFinished(() => pool.end());
    // The most queries one connection had in flight at once (node-postgres queues a second one,
    // which is deprecated and goes in pg 9), whether sent with a promise or a callback.
    let most = 0;
    pool.on('connect', (client) => {
      let inFlight = 0;
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args) => {
        inFlight++;
        most = Math.max(most, inFlight);
        const done = () => {
          inFlight--;
        };
        const last = args.at(-1);
        if (typeof last === 'function')
          args[args.length - 1] = (...r: unknown[]) => {
            done();
            return (last as (...x: unknown[]) => unknown)(...r);
          };
        const result = query(...args);
        if (result instanceof Promise) result.then(done, done);
        return result;
      };
    });
    const exec = postgresExecutor(drizzle(pool));

    const rows = await exec.transaction((tx) =>
      Promise.all(
        [1, 2, 3, 4].map((n) =>
          tx.get<{ n: number; at: string }>(
            sql`SELECT ${n}::int AS n, clock_timestamp()::text AS at FROM pg_sleep(0.01)`,
          ),
        ),
      ),
    );
    expect(rows.map((r) => r?.n)).toEqual([1, 2, 3, 4]);
    const at = rows.map((r) => r?.at ?? '');
    expect([...at].sort()).toEqual(at);
    expect(most).toBe(1);

    // Outside a transaction each query takes a connection of its own from the pool, at once.
    most = 0;
    const apart = await Promise.all(
      [1, 2, 3].map((n) => exec.get<{ n: number }>(sql`SELECT ${n}::int AS n FROM pg_sleep(0.05)`)),
    );
    expect(apart.map((r) => r?.n)).toEqual([1, 2, 3]);
    expect(most).toBe(1);
    expect(pool.totalCount).toBeGreaterThanOrEqual(3);
  });

  it('goes on after a failed query of a transaction: the next ones get PostgreSQL’s own answer', async () => {
    const setting = await freshDatabase('postgres');
    if (setting.kind !== 'postgres') throw new Error('expected PostgreSQL');
    const pool = new pg.Pool({ connectionString: setting.url, max: 2 });
    onTestFinished(() => pool.end());
    const exec = postgresExecutor(drizzle(pool));
    const outcomes = await exec.transaction((tx) =>
      Promise.allSettled([
        tx.get(sql`SELECT 1 AS n`),
        tx.get(sql`SELECT * FROM no_such_table`),
        tx.get(sql`SELECT 3 AS n`),
      ]),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    const reasons = outcomes.map((o) => (o.status === 'rejected' ? String(o.reason) : ''));
    expect(reasons[1]).toMatch(/no_such_table|does not exist/);
    // The third was sent after the second failed, so PostgreSQL refused it in the aborted transaction.
    expect(reasons[2]).toMatch(/current transaction is aborted/);
    // The pool's connection is usable again afterwards.
    expect(await exec.get<{ n: number }>(sql`SELECT 4 AS n`)).toEqual({ n: 4 });
  });
});
