import Database from 'better-sqlite3';
import { type Column, getTableName } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { getTableConfig as pgTableConfig } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteTableConfig } from 'drizzle-orm/sqlite-core';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { moveStore } from '../src/ops/migrate-store';
import { migrationPlan, postgresTables, sqliteTables } from '../src/ops/store-tables';
import { openDatabase } from '../src/store/open';
import { backends, freshDatabase } from './databases';

// migrate-store is generic over the drizzle schema modules: these tests fail when a table of the
// SQLite store or queue (one added later, by any issue) has no PostgreSQL twin, is left out of the
// move, or does not arrive with every row and value.

/** The tables the SQLite migrations create, without SQLite's, drizzle's and FTS5's own. */
function createdTables(file: string): string[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare("SELECT name, type, sql FROM sqlite_master WHERE type = 'table'").all() as {
      name: string;
      sql: string | null;
    }[];
    const virtual = rows.filter((r) => /^CREATE VIRTUAL TABLE/i.test(r.sql ?? '')).map((r) => r.name);
    return rows
      .map((r) => r.name)
      .filter(
        (n) =>
          !n.startsWith('sqlite_') &&
          n !== '__drizzle_migrations' &&
          !virtual.some((v) => n === v || n.startsWith(`${v}_`)),
      )
      .sort();
  } finally {
    db.close();
  }
}

describe('migrate-store covers every table', () => {
  it('every table the SQLite migrations create has a PostgreSQL twin and is in the move', async () => {
    const setting = await freshDatabase('sqlite');
    if (setting.kind !== 'sqlite') throw new Error('SQLite');
    const db = await openDatabase(setting);
    await db.close();
    const { tables, problems } = migrationPlan();
    expect(problems).toEqual([]);
    expect(
      tables
        .filter((t) => t.file === 'store')
        .map((t) => t.name)
        .sort(),
    ).toEqual(createdTables(setting.path));
    expect(
      tables
        .filter((t) => t.file === 'queue')
        .map((t) => t.name)
        .sort(),
    ).toEqual(createdTables(setting.queuePath));
    const twins = postgresTables();
    for (const t of tables) expect(twins.has(t.name), t.name).toBe(true);
  });

  it.runIf(backends.includes('postgres'))(
    'every table arrives with every row and value: synthetic rows in each, made from the schema',
    async () => {
      const setting = await freshDatabase('sqlite');
      if (setting.kind !== 'sqlite') throw new Error('SQLite');
      await (await openDatabase(setting)).close();
      const { tables } = migrationPlan();
      const lite = new Map(sqliteTables().map((t) => [t.name, t]));
      const twins = postgresTables();
      const files = { store: new Database(setting.path), queue: new Database(setting.queuePath) };
      let k = 0;
      const valueFor = (c: Column, nullable: boolean): unknown => {
        k++;
        if (nullable) return null;
        switch (c.dataType) {
          case 'string':
            return String(800_000_000_000_000_000n + BigInt(k)); // snowflake-like: valid as an id and as JSON
          case 'number':
            return k;
          case 'boolean':
            return k % 2 === 0;
          case 'json':
            return { k };
          case 'date':
            return new Date(1_700_000_000_000 + k);
          case 'bigint':
            return BigInt(k);
          case 'buffer':
            return Buffer.from([k % 256]);
          default:
            return String(k);
        }
      };
      // Two rows per table (the second with NULL wherever allowed); a foreign key takes the value
      // of the row it refers to (tables come parents first).
      const made = new Map<string, Record<string, unknown>[]>();
      for (const t of tables) {
        const table = lite.get(t.name)?.table;
        const twin = twins.get(t.name);
        if (table === undefined || twin === undefined) throw new Error(t.name);
        const config = sqliteTableConfig(table);
        const refs = new Map<string, { table: string; column: string }>();
        for (const fk of pgTableConfig(twin).foreignKeys) {
          const r = fk.reference();
          for (const [i, c] of r.columns.entries())
            refs.set(c.name, {
              table: getTableName(r.foreignTable),
              column: r.foreignColumns[i]?.name ?? '',
            });
        }
        const key = new Set(t.key);
        const rows = [0, 1].map((n) => {
          const row: Record<string, unknown> = {};
          for (const c of config.columns) {
            const ref = refs.get(c.name);
            const parent = ref === undefined ? undefined : made.get(ref.table)?.[0];
            row[c.name] =
              parent !== undefined && ref !== undefined
                ? parent[ref.column]
                : valueFor(c, n === 1 && !c.notNull && !key.has(c.name) && !c.primary);
          }
          return row;
        });
        made.set(t.name, rows);
        // Inserted by drizzle, so that each column's mode (boolean, json, timestamp) is honoured.
        const orm = drizzle(files[t.file]);
        const keys = Object.fromEntries(
          Object.entries(table).flatMap(([prop, col]) =>
            col !== null && typeof col === 'object' && 'name' in col && config.columns.includes(col as Column)
              ? [[(col as Column).name, prop]]
              : [],
          ),
        ) as Record<string, string>;
        const byProp = rows.map((r) =>
          Object.fromEntries(Object.entries(r).map(([name, v]) => [keys[name] ?? name, v])),
        );
        orm
          .insert(table)
          .values(byProp as never)
          .run();
      }
      const expected = new Map(
        tables.map((t) => {
          const db = files[t.file];
          const order = (t.key.length > 0 ? t.key : ['rowid']).map((c) => `"${c}"`).join(', ');
          const rows = db
            .prepare(
              `SELECT ${t.columns.map((c) => `"${c.name}"`).join(', ')} FROM "${t.name}" ORDER BY ${order}`,
            )
            .all() as Record<string, unknown>[];
          return [
            t.name,
            rows.map((r) => Object.fromEntries(t.columns.map((c) => [c.name, c.convert(r[c.name])]))),
          ];
        }),
      );
      files.store.close();
      files.queue.close();

      const target = await freshDatabase('postgres');
      if (target.kind !== 'postgres') throw new Error('PostgreSQL');
      const result = await moveStore({ source: setting, targetUrl: target.url, batchSize: 1 });
      expect(result.tables.map((t) => [t.name, t.rows])).toEqual(tables.map((t) => [t.name, 2]));

      const client = new pg.Client({ connectionString: target.url });
      await client.connect();
      try {
        for (const t of tables) {
          const order = (t.key.length > 0 ? t.key : t.columns.slice(0, 1).map((c) => c.name))
            .map((c) => `"${c}"`)
            .join(', ');
          const { rows } = await client.query(
            `SELECT ${t.columns.map((c) => `"${c.name}"`).join(', ')} FROM "${t.name}" ORDER BY ${order}`,
          );
          const pgColumns = new Map(
            pgTableConfig(twins.get(t.name) as never).columns.map((c) => [c.name, c]),
          );
          const normal = rows.map((r: Record<string, unknown>) =>
            Object.fromEntries(
              t.columns.map((c) => {
                const v = r[c.name];
                const type = pgColumns.get(c.name)?.dataType;
                // node-postgres gives int8 as text and json parsed; the move sends numbers and JSON text.
                if (v !== null && (type === 'number' || type === 'bigint') && typeof v === 'string')
                  return [c.name, type === 'number' ? Number(v) : v];
                if (v !== null && type === 'json') return [c.name, JSON.stringify(v)];
                return [c.name, v];
              }),
            ),
          );
          expect(normal, t.name).toEqual(expected.get(t.name));
        }
      } finally {
        await client.end();
      }
    },
    120_000,
  );
});
