/** A PostgreSQL URL without its password, for commands an operator copies (the password comes from PGPASSWORD or ~/.pgpass). */
export function withoutPassword(url: string): string {
  try {
    const u = new URL(url);
    u.password = '';
    return u.toString();
  } catch {
    return 'postgres://USER@HOST:5432/DATABASE';
  }
}

/**
 * What `npm run backup` says for a PostgreSQL store: PostgreSQL's own tools make consistent
 * backups while the service runs. The last line is the command to run.
 * @see https://www.postgresql.org/docs/current/app-pgdump.html
 */
export function pgDumpAdvice(url: string, file: string): string {
  const target = withoutPassword(url);
  return [
    'backup: DATABASE_URL is PostgreSQL, whose own pg_dump takes a consistent backup while the service runs',
    '(the store and the queue of questions are in that one database; the password comes from PGPASSWORD or ~/.pgpass).',
    `Restore it, the service stopped: pg_restore --clean --if-exists --no-owner --dbname='${target}' ${file}`,
    `Back it up now with: pg_dump --format=custom --file=${file} '${target}'`,
  ].join('\n');
}

/** What `npm run restore` says for a PostgreSQL store. */
export function pgRestoreAdvice(url: string, file: string): string {
  const target = withoutPassword(url);
  return [
    'restore: DATABASE_URL is PostgreSQL; a backup made with pg_dump goes back with pg_restore.',
    'Stop every bot process first (they share this database), then, the password from PGPASSWORD or ~/.pgpass:',
    `pg_restore --clean --if-exists --no-owner --dbname='${target}' ${file}`,
  ].join('\n');
}
