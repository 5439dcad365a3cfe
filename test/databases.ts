import path from 'node:path';
import pg from 'pg';
import { inject, onTestFinished } from 'vitest';
import type { DatabaseSetting } from '../src/config';
import { type Database, openDatabase, openStore } from '../src/store/open';
import type { Store } from '../src/store/types';
import { tempDir } from './tmp';

/** The backends every store test runs against: SQLite always, PostgreSQL when the run has one. */
export type Backend = 'sqlite' | 'postgres';
export const backends: Backend[] = inject('postgresUrl') ? ['sqlite', 'postgres'] : ['sqlite'];

let seq = 0;

/**
 * A fresh, empty database of `backend` for the current test, dropped after it: a SQLite file in a
 * temporary folder, or a new PostgreSQL database on the test server.
 */
export async function freshDatabase(backend: Backend): Promise<DatabaseSetting> {
  if (backend === 'sqlite') {
    const dir = tempDir();
    return {
      kind: 'sqlite',
      path: path.join(dir, 'bot.sqlite'),
      queuePath: path.join(dir, 'bot.queue.sqlite'),
    };
  }
  const admin = inject('postgresUrl');
  const name = `askbot_t${process.pid}_${Date.now().toString(36)}_${++seq}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  onTestFinished(async () => {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    try {
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await c.end();
    }
  });
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return { kind: 'postgres', url: url.toString() };
}

/** A fresh store of `backend`, closed (and its database dropped) after the current test. */
export async function freshStore(backend: Backend): Promise<Store> {
  const store = await openStore(await freshDatabase(backend));
  onTestFinished(() => store.close());
  return store;
}

/** The store and queue of a fresh database of `backend`, closed after the current test. */
export async function freshDatabaseHandle(backend: Backend): Promise<Database> {
  const db = await openDatabase(await freshDatabase(backend));
  onTestFinished(() => db.close());
  return db;
}

/** A second handle on the same database, as another process would open it. */
export async function openAgain(setting: DatabaseSetting): Promise<Database> {
  const db = await openDatabase(setting);
  onTestFinished(() => db.close());
  return db;
}
