import pg from 'pg';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { openPostgresStore, STATEMENT_POOLING } from '../src/store/postgres/open';
import type { Store } from '../src/store/types';
import { freshDatabase } from './databases';
import { ask, finalContent, G, seedGuilds, startHarness } from './harness';
import { runEntry } from './process';
import { PGBOUNCER, type PoolMode, startPgBouncer } from './standins/pgbouncer';
import { tempDir } from './tmp';

const admin = inject('postgresUrl');
if (admin !== '' && PGBOUNCER === undefined) {
  process.stdout.write(
    'PgBouncer tests skipped: no pgbouncer binary (apt-get install pgbouncer, or brew install pgbouncer, to run them).\n',
  );
}

async function pooled(mode: PoolMode, poolSize = 1): Promise<{ database: string; direct: string }> {
  const bouncer = await startPgBouncer(admin, { mode, poolSize });
  onTestFinished(() => bouncer.close());
  const db = await freshDatabase('postgres');
  if (db.kind !== 'postgres') throw new Error('expected PostgreSQL');
  return { database: bouncer.url(db.url), direct: db.url };
}

async function open(url: string, warnings: string[] = []): Promise<Store> {
  const { store } = await openPostgresStore(url, { onWarning: (m) => warnings.push(m) });
  onTestFinished(() => store.close());
  return store;
}

/** Advisory locks held on the test's own database (other tests' databases share the server). */
const ADVISORY_HERE = `SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory'
  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`;

async function query<T>(url: string, text: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text)).rows as T[];
  } finally {
    await c.end();
  }
}

describe.skipIf(admin === '' || PGBOUNCER === undefined)('behind PgBouncer', () => {
  it('in transaction mode (one server session for every client): starts, says what to do about statement_timeout, and applies the migrations once when three processes start at once', async () => {
    const { database, direct } = await pooled('transaction');
    const warnings: string[][] = [[], [], []];
    const stores = await Promise.all(warnings.map((w) => open(database, w)));
    expect(stores).toHaveLength(3);
    const applied = await query<{ n: string }>(
      direct,
      'SELECT count(*) AS n, count(DISTINCT hash) AS d FROM drizzle.__drizzle_migrations',
    );
    const [{ n, d }] = applied as unknown as [{ n: string; d: string }];
    expect(n).toBe(d);
    for (const w of warnings)
      expect(w).toEqual([
        expect.stringMatching(/refuses statement_timeout as a startup parameter.*ALTER ROLE/),
      ]);
    // No advisory lock is left held on the server for anyone.
    const held = await query<{ n: string }>(direct, ADVISORY_HERE);
    expect(held[0]?.n).toBe('0');
  });

  it.each([
    ['transaction', 1],
    ['transaction', 3],
    ['session', 3],
  ] as const)(
    'in %s mode (%i server sessions): one index run holds the lock at a time, and none is left behind',
    async (mode, size) => {
      const { database, direct } = await pooled(mode, size);
      const [a, b] = [await open(database), await open(database)];
      const first = await a.runs.acquireLock();
      if (!('lock' in first)) throw new Error('the first run should get the lock');
      const second = await b.runs.acquireLock();
      expect('busy' in second && second.busy.token).toBe(first.lock.holder.token);
      const third = await a.runs.acquireLock();
      expect('busy' in third).toBe(true);
      await first.lock.release();
      const fourth = await b.runs.acquireLock();
      if (!('lock' in fourth)) throw new Error('the lock should be free once released');
      await fourth.lock.release();
      const rows = await query(direct, "SELECT key FROM indexer_state WHERE key = 'lock'");
      expect(rows).toEqual([]);
      const held = await query<{ n: string }>(direct, ADVISORY_HERE);
      expect(held[0]?.n).toBe('0');
    },
  );

  it('in transaction mode: questions are queued, claimed and answered through it', async () => {
    const { database } = await pooled('transaction', 2);
    const h = await startHarness({
      DATABASE_URL: database,
      CHROMA_URL: inject('chromaUrl'),
      ASK_MAX_PER_MEMBER: '20',
    });
    await seedGuilds(h, [
      { channelId: G.general, content: 'The deploy script is tools/deploy.sh', minutes: 1 },
    ]);
    h.ollama.chatScript = () => ({ chunks: ['It is tools/deploy.sh [1].'], chunkDelayMs: 20 });
    const questions = Array.from({ length: 12 }, (_, i) => ask(`where is the deploy script? ${i}`));
    for (const q of questions)
      expect(((await (await h.interact(q)).json()) as { type: number }).type).toBe(5);
    const finals = await Promise.all(questions.map((q) => finalContent(h, q.token, 60_000)));
    expect(finals.every((f) => f.startsWith('It is tools/deploy.sh [1].'))).toBe(true);
    // Each question answered once: no claim was given to two workers.
    expect(h.ollama.chatRequests()).toHaveLength(12);
  });

  it('in statement mode: the start is refused with one line that says which modes work', async () => {
    const { database } = await pooled('statement');
    await expect(openPostgresStore(database)).rejects.toThrow(STATEMENT_POOLING);
    const run = runEntry(
      'src/main.ts',
      [],
      {
        DISCORD_PUBLIC_KEY: 'a'.repeat(64),
        DISCORD_APPLICATION_ID: '123456789012345678',
        DATABASE_URL: database,
        CHROMA_URL: inject('chromaUrl'),
      },
      tempDir(),
    );
    expect((await run.exit).code).not.toBe(0);
    const lines = run.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/pool_mode = statement.*use pool_mode = transaction or session/);
  });
});
