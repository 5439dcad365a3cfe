/**
 * A real PgBouncer (Debian's `pgbouncer` package) in front of the test PostgreSQL server, started
 * on a free loopback port with a configuration of its own: the connection pooler most deployments
 * with many processes put in front of PostgreSQL. Not a stand-in: the real program, so that
 * transaction pooling (consecutive statements of one client on different server sessions) and its
 * refusals (startup parameters, transactions in statement mode) are PgBouncer's own.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { freePort } from '../../src/vector/local-server';

const CANDIDATES = ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer', '/usr/local/bin/pgbouncer'];

/** The pgbouncer binary, or undefined when it is not installed (`apt-get install pgbouncer`). */
export const PGBOUNCER = CANDIDATES.find((p) => existsSync(p));

export type PoolMode = 'session' | 'transaction' | 'statement';

export interface PgBouncer {
  /** `databaseUrl` (a database on the server behind it) rewritten to go through the pooler. */
  url(databaseUrl: string): string;
  /** The pooler's own log so far (stderr). */
  log(): string;
  close(): Promise<void>;
}

/**
 * Starts PgBouncer in `mode` before the server of `adminUrl`, with `poolSize` server connections
 * per database and user (1: every client shares one server session, the harshest case).
 */
export async function startPgBouncer(
  adminUrl: string,
  opts: { mode: PoolMode; poolSize?: number },
): Promise<PgBouncer> {
  if (PGBOUNCER === undefined) throw new Error('pgbouncer is not installed');
  const server = new URL(adminUrl);
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'askbot-pgbouncer-'));
  const ini = path.join(dir, 'pgbouncer.ini');
  writeFileSync(
    ini,
    [
      '[databases]',
      `* = host=${server.hostname} port=${server.port || '5432'} user=${decodeURIComponent(server.username || 'postgres')}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = any',
      `pool_mode = ${opts.mode}`,
      `default_pool_size = ${opts.poolSize ?? 1}`,
      'max_client_conn = 500',
      'server_reset_query_always = 0',
      '',
    ].join('\n'),
  );
  // PgBouncer refuses to run as root: it then drops to an unprivileged user, who must read the file.
  chmodSync(dir, 0o755);
  chmodSync(ini, 0o644);
  const args = userInfo().uid === 0 ? ['-u', 'nobody', ini] : [ini];
  const child: ChildProcess = spawn(PGBOUNCER, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`pgbouncer exited at start: ${stderr}`);
    if (await accepts(port)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`pgbouncer did not listen within 10 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url(databaseUrl) {
      const u = new URL(databaseUrl);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    log: () => stderr,
    async close() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
