import type { SQL } from 'drizzle-orm';

/**
 * How the queries shared by both dialects reach a database: drizzle `sql` templates in, plain rows
 * out. Each dialect folder provides one (`sqlite/executor.ts`, `postgres/executor.ts`); the shared
 * SQL sticks to what SQLite and PostgreSQL both understand (`ON CONFLICT … DO UPDATE`,
 * `RETURNING`, `TRUE`/`FALSE`, `CAST(… AS BIGINT)`) and asks the executor for the rest.
 */
export interface Executor {
  readonly dialect: 'sqlite' | 'postgres';
  all<T>(q: SQL): Promise<T[]>;
  get<T>(q: SQL): Promise<T | undefined>;
  /** Runs a statement; resolves to the number of rows it changed. */
  run(q: SQL): Promise<number>;
  /**
   * Runs `fn` in one transaction that takes the write lock at once (SQLite `BEGIN IMMEDIATE`),
   * committed when `fn` resolves and rolled back when it rejects. Nothing else runs on the same
   * connection meanwhile.
   */
  transaction<T>(fn: (tx: Executor) => Promise<T>): Promise<T>;
  /** `column IN (…values)` with the values as ONE parameter, so the statement's size never grows with them. */
  inList(column: SQL, values: readonly string[]): SQL;
  /** A boolean parameter in the dialect's representation. */
  bool(v: boolean): SQL;
  /**
   * The database's clock as unix ms, an SQL expression (the same value throughout one statement).
   * Every time that several processes compare (leases, heartbeats, lock staleness, waits) is
   * stamped and judged with it, never with a process's own clock, which may be off by seconds.
   */
  readonly now: SQL;
}

/** A column of a row read back from either dialect: SQLite's 0/1 and PostgreSQL's booleans alike. */
export const asBool = (v: unknown): boolean => v === true || v === 1 || v === '1' || v === 't';

/** Numbers come back as numbers from both dialects (int8 is parsed), but counts may be bigint-typed strings elsewhere. */
export const asNumber = (v: unknown): number => (typeof v === 'number' ? v : Number(v ?? 0));

export const asNullableNumber = (v: unknown): number | null =>
  v === null || v === undefined ? null : asNumber(v);

export const asNullableString = (v: unknown): string | null =>
  v === null || v === undefined ? null : String(v);

/** A JSON array of ids stored as text; a damaged one holds none. */
export function parseIds(json: unknown): string[] {
  try {
    const parsed: unknown = JSON.parse(String(json));
    return Array.isArray(parsed) ? parsed.map(String) : [];
  } catch {
    return [];
  }
}

/** Splits `items` into slices of at most `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
