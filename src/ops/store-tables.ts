import { type Column, getTableName, is } from 'drizzle-orm';
import { PgTable, getTableConfig as pgTableConfig } from 'drizzle-orm/pg-core';
import { SQLiteTable, getTableConfig as sqliteTableConfig } from 'drizzle-orm/sqlite-core';
import * as pgQueue from '../queue/postgres/schema';
import * as sqliteQueue from '../queue/sqlite/schema';
import * as pgStore from '../store/postgres/schema';
import * as sqliteStore from '../store/sqlite/schema';

// The map from the SQLite store and queue to their PostgreSQL twins, read from the drizzle schema
// modules themselves: every table a schema module exports is moved by `npm run migrate-store`, so
// a table added later is covered without touching this file (or named as a problem when its twin
// is missing). Columns are matched by name; each value is converted by the PostgreSQL column's type.

/** A SQLite column's value as PostgreSQL's node-postgres driver takes it for the twin column. */
export type Convert = (value: unknown) => unknown;

export interface ColumnMove {
  name: string;
  convert: Convert;
}

export interface TableMove {
  name: string;
  /** Which SQLite file holds it: the store, or the queue beside it. */
  file: 'store' | 'queue';
  /** The columns copied, in order (those both sides have). */
  columns: ColumnMove[];
  /** The SQLite primary key's columns, the copy's order and resume position; empty: rowid. */
  key: string[];
  /** PostgreSQL serial columns whose sequence must move past the copied values. */
  serials: string[];
  /** Tables whose rows must be there first (the PostgreSQL twin's foreign keys). */
  dependsOn: string[];
}

const NUL = String.fromCharCode(0);

const asBoolean: Convert = (v) =>
  v === null || v === undefined ? null : v === true || v === 1 || v === '1' || v === 1n;
const asNumber: Convert = (v) =>
  v === null || v === undefined ? null : typeof v === 'bigint' ? Number(v) : Number(v);
const asBigintText: Convert = (v) => (v === null || v === undefined ? null : String(v));
// PostgreSQL text cannot hold U+0000, which SQLite keeps: it is dropped (and nothing else changes).
const asText: Convert = (v) =>
  v === null || v === undefined ? null : (typeof v === 'string' ? v : String(v)).replaceAll(NUL, '');
const asJson: Convert = (v) =>
  v === null || v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v);
const asDate: Convert = (v) =>
  v === null || v === undefined
    ? null
    : new Date(typeof v === 'number' || typeof v === 'bigint' ? Number(v) : String(v));
const asIs: Convert = (v) => v ?? null;

/** How a value moves into a PostgreSQL column, from the drizzle column's data type. */
export function converterFor(pg: Column): Convert {
  switch (pg.dataType) {
    case 'boolean':
      return asBoolean;
    case 'number':
      return asNumber;
    case 'bigint':
      return asBigintText;
    case 'string':
      return asText;
    case 'json':
      return asJson;
    case 'date':
      return asDate;
    default:
      return asIs;
  }
}

/** Every table a drizzle schema module exports, by SQL name. */
function tablesOf<T>(module: Record<string, unknown>, kind: new (...args: never[]) => T): Map<string, T> {
  const out = new Map<string, T>();
  for (const value of Object.values(module)) {
    if (is(value, kind as never)) out.set(getTableName(value as never), value as T);
  }
  return out;
}

/** The SQLite tables of the store and of the queue, as the schema modules declare them. */
export function sqliteTables(): { name: string; file: 'store' | 'queue'; table: SQLiteTable }[] {
  return [
    ...[...tablesOf(sqliteStore, SQLiteTable)].map(([name, table]) => ({
      name,
      file: 'store' as const,
      table,
    })),
    ...[...tablesOf(sqliteQueue, SQLiteTable)].map(([name, table]) => ({
      name,
      file: 'queue' as const,
      table,
    })),
  ];
}

/** The PostgreSQL tables (store and queue share one database), by name. */
export function postgresTables(): Map<string, PgTable> {
  return new Map([...tablesOf(pgStore, PgTable), ...tablesOf(pgQueue, PgTable)]);
}

const SERIAL = /^PgSmallSerial|^PgSerial|^PgBigSerial/;

/**
 * What `npm run migrate-store` copies, in an order that puts every table after those its
 * PostgreSQL twin refers to, and the problems that stop it: a SQLite table without a PostgreSQL
 * twin, a SQLite column the twin lacks, a twin column that needs a value SQLite cannot give.
 */
export function migrationPlan(): { tables: TableMove[]; problems: string[] } {
  const pg = postgresTables();
  const problems: string[] = [];
  const moves: TableMove[] = [];
  for (const { name, file, table } of sqliteTables()) {
    const twin = pg.get(name);
    if (twin === undefined) {
      problems.push(`SQLite table ${name} has no PostgreSQL twin in the drizzle schema`);
      continue;
    }
    const lite = sqliteTableConfig(table);
    const post = pgTableConfig(twin);
    const pgColumns = new Map(post.columns.map((c) => [c.name, c]));
    const columns: ColumnMove[] = [];
    for (const c of lite.columns) {
      const target = pgColumns.get(c.name);
      if (target === undefined) {
        problems.push(`column ${name}.${c.name} has no PostgreSQL twin`);
        continue;
      }
      columns.push({ name: c.name, convert: converterFor(target) });
    }
    const liteNames = new Set(lite.columns.map((c) => c.name));
    for (const c of post.columns) {
      if (!liteNames.has(c.name) && c.notNull && !c.hasDefault && !SERIAL.test(c.columnType))
        problems.push(`PostgreSQL column ${name}.${c.name} needs a value that SQLite does not have`);
    }
    const key =
      lite.primaryKeys[0]?.columns.map((c) => c.name) ??
      lite.columns.filter((c) => c.primary).map((c) => c.name);
    moves.push({
      name,
      file,
      columns,
      key,
      serials: post.columns.filter((c) => SERIAL.test(c.columnType)).map((c) => c.name),
      dependsOn: post.foreignKeys
        .map((fk) => getTableName(fk.reference().foreignTable))
        .filter((t) => t !== name),
    });
  }
  return { tables: topological(moves, problems), problems };
}

/** Tables ordered so that every table comes after the ones it refers to (stable otherwise). */
function topological(moves: TableMove[], problems: string[]): TableMove[] {
  const byName = new Map(moves.map((m) => [m.name, m]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: TableMove[] = [];
  const visit = (m: TableMove) => {
    if (done.has(m.name)) return;
    if (visiting.has(m.name)) {
      problems.push(`tables refer to each other in a cycle through ${m.name}`);
      return;
    }
    visiting.add(m.name);
    for (const d of m.dependsOn) {
      const dep = byName.get(d);
      if (dep !== undefined) visit(dep);
    }
    visiting.delete(m.name);
    done.add(m.name);
    out.push(m);
  };
  for (const m of moves) visit(m);
  return out;
}
