import pg from 'pg';
import type { Cleanup } from './processes';

/** The server the PostgreSQL figures use: BENCH_DATABASE_URL, else the test suite's, else the local default. */
export const ADMIN_URL =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/test';

async function admin<T>(f: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  await c.connect();
  try {
    return await f(c);
  } finally {
    await c.end();
  }
}

/** The server's version line when it answers; undefined (the PostgreSQL figures are left out) otherwise. */
export async function postgresVersion(): Promise<string | undefined> {
  try {
    return await admin(async (c) => String((await c.query('SHOW server_version')).rows[0]?.server_version));
  } catch {
    return undefined;
  }
}

let seq = 0;

/** A new, empty database on that server, dropped by `drop()` or at the bench's cleanup. */
export async function throwawayDatabase(cleanup: Cleanup): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `askbot_bench_${process.pid}_${++seq}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  let dropped: Promise<void> | undefined;
  const drop = () => {
    dropped ??= admin(async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    });
    return dropped;
  };
  cleanup.add(`database ${name}`, drop);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop };
}
