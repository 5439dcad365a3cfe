import type { DatabaseSetting } from '../config';
import { openPostgresStore } from './postgres/open';
import { openSqliteStore } from './sqlite/open';
import type { Store } from './types';

/**
 * The store `DATABASE_URL` names: a SQLite file (the default, `DATA_DIR/bot.sqlite`) or a
 * PostgreSQL database. The only place that chooses; everything else holds a `Store`.
 */
export async function openStore(
  database: DatabaseSetting,
  opts: { onIdleError?: (err: Error) => void } = {},
): Promise<Store> {
  if (database.kind === 'sqlite') return openSqliteStore(database.path);
  return (await openPostgresStore(database.url, opts)).store;
}
