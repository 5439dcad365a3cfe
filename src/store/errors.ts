import { AppError } from '../errors';
import { errorText } from '../i18n/messages/errors';

/**
 * The one place where database driver errors (better-sqlite3, node-postgres) become AppErrors:
 * what the operator should check in the log, one plain sentence for a Discord user.
 * Passwords in connection strings never appear: only host, port and database are named.
 */
export function storeError(err: unknown, where: string): AppError {
  if (err instanceof AppError) return err;
  // drizzle wraps the driver's error ("Failed query: …") with the driver's as its cause.
  const chain: unknown[] = [];
  for (
    let e: unknown = err;
    e !== undefined && e !== null && chain.length < 5;
    e = (e as { cause?: unknown }).cause
  ) {
    chain.push(e);
  }
  const code =
    chain
      .map((e) => (typeof e === 'object' && e !== null && 'code' in e ? String(e.code) : ''))
      .find(Boolean) ?? '';
  const driver = chain.at(-1);
  const msg = driver instanceof Error ? driver.message : String(driver);
  const all = chain.map((e) => (e instanceof Error ? e.message : String(e))).join(' ');
  const unreachable =
    /ECONNREFUSED|ENOTFOUND|ETIMEDOUT|EAI_AGAIN|ECONNRESET|EHOSTUNREACH|timeout|terminat|Connection/i.test(
      `${code} ${all}`,
    ) ||
    code.startsWith('08') || // connection exception
    code === '57P01' || // admin shutdown
    code === '57P03'; // cannot connect now
  return new AppError(
    unreachable ? 'DATABASE_UNAVAILABLE' : 'DATABASE_FAILED',
    `${unreachable ? 'The database is unreachable' : 'A database query failed'} (${where}): ${code ? `${code} ` : ''}${redactUrl(msg)}`,
    errorText.sentence('databaseUnavailable'),
    { cause: err },
  );
}

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db` wherever it appears in a text. */
export function redactUrl(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@\s]*@/gi, '$1***@');
}

/** Where a PostgreSQL URL points, without credentials: `host:port/database`. */
export function describeDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'the configured database';
  }
}
