import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DatabaseSetting } from '../../src/config';
import { freePort } from '../../src/vector/local-server';
import { backends, freshDatabase } from '../databases';
import { alive, ROOT, runEntry, until } from '../process';
import { tempDir, uniquePrefix } from '../tmp';
import {
  CH,
  chromaRecords,
  expectedSearchable,
  type Fixture,
  G1,
  G2,
  HOUR,
  makeIndexer,
  messageRequests,
  onCleanup,
  queryRows,
  runStatuses,
  startDelayProxy,
  startFixture,
  storedChannels,
  storedMessages,
  USERS,
} from './world';

/** What a child process needs to reach the stand-ins, with its own data dir (and database). */
function cliEnv(f: Fixture, dir: string, database: DatabaseSetting | undefined, env: Record<string, string>) {
  return {
    DISCORD_API_URL: f.discord.apiUrl,
    DISCORD_BOT_TOKEN: f.discord.botToken,
    DISCORD_APPLICATION_ID: f.discord.applicationId,
    OLLAMA_HOST: f.ollama.url,
    CHROMA_URL: f.chromaUrl,
    DATA_DIR: dir,
    INDEX_GUILD_IDS: `${G1},${G2}`,
    EMBED_BATCH_SIZE: '16',
    ...(database?.kind === 'postgres' ? { DATABASE_URL: database.url } : {}),
    ...env,
  };
}

/** `npm run index` as a child process (dist/index.js with plain node, as the script runs it) against the stand-ins. */
function indexCli(
  f: Fixture,
  dir: string,
  env: Record<string, string>,
  args: string[] = [],
  database?: DatabaseSetting,
) {
  const run = runEntry('scripts/index.ts', args, cliEnv(f, dir, database, env), dir);
  onCleanup(() => {
    if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
  });
  return run;
}

/** The database the CLI uses in `dir` (its SQLite file) or the PostgreSQL one it is given. */
function cliDatabase(dir: string, database?: DatabaseSetting): DatabaseSetting {
  return (
    database ?? {
      kind: 'sqlite',
      path: path.join(dir, 'bot.sqlite'),
      queuePath: path.join(dir, 'bot.queue.sqlite'),
    }
  );
}

/** Polls the child's database (readable while it writes) until `sql` counts at least `n`. */
async function waitForCount(database: DatabaseSetting, sql: string, n: number): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    try {
      const [row] = await queryRows(database, sql);
      if (Number(Object.values(row ?? {})[0] ?? 0) >= n) return;
    } catch {
      // not created or migrated yet
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${sql} never reached ${n}`);
}

/**
 * Waits until no session holds an advisory lock on the database (PostgreSQL): a SIGKILLed run's
 * lock goes with its session, which the server ends once it sees the connection closed.
 */
async function waitForLockRelease(database: DatabaseSetting): Promise<void> {
  if (database.kind !== 'postgres') return; // SQLite: a dead holder's pid tells at once
  await waitForCount(
    database,
    `SELECT CASE WHEN count(*) = 0 THEN 1 ELSE 0 END AS free FROM pg_locks
     WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    1,
  );
}

/** The lines a process wrote, without npm's own closing lines ("npm error …"). */
const ownLines = (text: string) =>
  text
    .trim()
    .split('\n')
    .filter((l) => l !== '' && !/^npm (error|ERR!|warn|notice)/.test(l));

/** Child processes on a busy 2-core machine: far beyond what each test takes (2-7 s alone). */
const PROCESS_TEST_TIMEOUT_MS = 120_000;

describe.each(backends)(
  'npm run index (child process, %s)',
  (backend) => {
    it('SIGKILLed mid-crawl and mid-embed, then run again: the same store as one uninterrupted run', async () => {
      const f = await startFixture();
      const ref = await makeIndexer(f, { backend });
      expect((await ref.indexer.run()).status).toBe('ok');
      const refRecords = await chromaRecords(f.chromaUrl, ref.prefix);
      const total = (await storedMessages(ref.database)).length;

      const dir = tempDir();
      const database = cliDatabase(dir, backend === 'postgres' ? await freshDatabase('postgres') : undefined);
      const prefix = uniquePrefix();
      const proxy = await startDelayProxy(f.discord.apiUrl.replace(/\/api$/, ''), 80);

      // 1. Killed in the middle of the crawl (Discord slowed down by the proxy).
      const from = f.discord.requests.length;
      const r1 = indexCli(
        f,
        dir,
        { CHROMA_COLLECTION: prefix, DISCORD_API_URL: `${proxy.url}/api` },
        [],
        database,
      );
      await f.discord.waitFor(() => messageRequests(f.discord, from).length >= 3, 20_000);
      await waitForCount(database, 'SELECT count(*) AS n FROM messages', 1);
      r1.child.kill('SIGKILL');
      expect((await r1.exit).signal).toBe('SIGKILL');
      await waitForLockRelease(database);
      const after1 = (await storedMessages(database)).length;
      expect(after1).toBeGreaterThan(0);
      expect(after1).toBeLessThan(total);

      // 2. Killed in the middle of embedding (Ollama slowed down), after the crawl finished.
      proxy.delayMs = 0;
      f.ollama.embedDelayMs = 120;
      const embeds = f.ollama.requests.length;
      const r2 = indexCli(f, dir, { CHROMA_COLLECTION: prefix }, [], database);
      await f.discord.waitFor(
        () => f.ollama.requests.slice(embeds).filter((r) => r.path === '/api/embed').length >= 5,
        20_000,
      );
      r2.child.kill('SIGKILL');
      await r2.exit;
      await waitForLockRelease(database);
      expect((await chromaRecords(f.chromaUrl, prefix)).length).toBeLessThan(refRecords.length);

      // 3. Run to the end.
      f.ollama.embedDelayMs = 0;
      const r3 = indexCli(f, dir, { CHROMA_COLLECTION: prefix }, [], database);
      const exit = await r3.exit;
      expect(r3.stderr()).toMatch(/indexed \d+ channels/);
      expect(exit.code).toBe(0);

      expect(await storedMessages(database)).toEqual(await storedMessages(ref.database));
      expect(await storedChannels(database)).toEqual(await storedChannels(ref.database));
      expect(await runStatuses(database)).toEqual(['failed', 'failed', 'ok']);
      expect(await chromaRecords(f.chromaUrl, prefix)).toEqual(refRecords);
    });

    it('a --full run SIGKILLed mid-way resumes where it stopped and ends like one uninterrupted full run', async () => {
      const f = await startFixture();
      const ref = await makeIndexer(f, { backend });
      await ref.indexer.run();
      const dir = tempDir();
      const database = cliDatabase(dir, backend === 'postgres' ? await freshDatabase('postgres') : undefined);
      const prefix = uniquePrefix();
      const h = await makeIndexer(f, { database, prefix });
      await h.indexer.run();

      // Weeks-old changes only a full run sees.
      const general = f.expected.get(CH.general) ?? [];
      const gone = [general[10]?.id ?? '', general[150]?.id ?? '', general[240]?.id ?? ''];
      for (const id of gone) f.discord.deleteMessage(CH.general, id);
      f.discord.editMessage(CH.news, f.expected.get(CH.news)?.[3]?.id ?? '', 'news, edited weeks later');
      f.discord.deleteMessage(CH.g2text, f.expected.get(CH.g2text)?.[7]?.id ?? '');

      const proxy = await startDelayProxy(f.discord.apiUrl.replace(/\/api$/, ''), 80);
      const mark = f.discord.requests.length;
      const killed = indexCli(
        f,
        dir,
        { CHROMA_COLLECTION: prefix, DISCORD_API_URL: `${proxy.url}/api` },
        ['--full'],
        database,
      );
      // Killed once #general's full re-read has recorded a page and goes on.
      await waitForCount(database, "SELECT count(*) AS n FROM indexer_state WHERE key LIKE 'full:%'", 1);
      const seen = messageRequests(f.discord, mark).length;
      await f.discord.waitFor(() => messageRequests(f.discord, mark).length > seen, 20_000);
      killed.child.kill('SIGKILL');
      await killed.exit;
      await waitForLockRelease(database);
      const progress = await h.store.runs.fullProgress();
      expect(progress.size).toBeGreaterThan(0);

      const resume = f.discord.requests.length;
      const r = indexCli(f, dir, { CHROMA_COLLECTION: prefix }, ['--full'], database);
      const exit = await r.exit;
      expect(exit.code, r.stderr()).toBe(0);
      expect(r.stderr()).toMatch(/resuming the full run that stopped/);
      expect(r.stderr()).toMatch(/whole history/);
      // Where the killed run had got to is not read again from the start.
      const again = messageRequests(f.discord, resume);
      for (const [channel, position] of progress) {
        const first = again.find((x) => x.channel === channel)?.after;
        if (position === 'done') expect(first).not.toBe('0');
        else expect(first).toBe(position);
      }
      expect(await h.store.runs.fullProgress()).toEqual(new Map());

      expect((await ref.indexer.run({ full: true })).status).toBe('ok');
      expect(await storedMessages(database)).toEqual(await storedMessages(ref.database));
      expect(await chromaRecords(f.chromaUrl, prefix)).toEqual(await chromaRecords(f.chromaUrl, ref.prefix));
      const byId = new Map((await storedMessages(database)).map((m) => [m.id, m]));
      for (const id of gone) expect(byId.get(id)).toMatchObject({ deleted: true, content: '' });
      expect((await h.store.guilds.get(G1)).lastFullRunAt).toBeTypeOf('number');
      expect((await runStatuses(database)).slice(-2)).toEqual(['failed', 'ok']);
    });
  },
  PROCESS_TEST_TIMEOUT_MS,
);

describe(
  'npm run index (child process)',
  () => {
    it('stores everything when Ollama is unreachable, then says embedding is pending and exits non-zero', async () => {
      const f = await startFixture({ small: true });
      const dir = tempDir();
      const port = await freePort();
      const prefix = uniquePrefix();
      const r = indexCli(f, dir, { CHROMA_COLLECTION: prefix, OLLAMA_HOST: `http://127.0.0.1:${port}` });
      const exit = await r.exit;
      expect(exit.code).toBe(1);
      const all = [...f.expected.values()].flat().length;
      const lines = r.stderr().trim().split('\n');
      expect(lines.at(-1)).toMatch(
        new RegExp(
          `^embedding pending for ${all} messages: Ollama at http://127\\.0\\.0\\.1:${port} is unreachable.*; they are stored and keyword-searchable, and once that is fixed \`npm run index -- --embed-only\` embeds them \\(so does the next run\\)$`,
        ),
      );
      expect(lines).toContain(
        lines.find((l) =>
          l.startsWith(`indexed (partly) 7 channels: ${all} new, 0 edited, 0 deleted, 0 embedded`),
        ),
      );
      expect((await storedMessages(cliDatabase(dir))).length).toBe(all);

      // Ollama is back: the next run embeds what was stored, without reading history again.
      const again = indexCli(f, dir, { CHROMA_COLLECTION: prefix });
      expect((await again.exit).code).toBe(0);
      expect(again.stderr()).toMatch(/0 new, 0 edited, 0 deleted, \d+ embedded/);
      expect((await chromaRecords(f.chromaUrl, prefix)).length).toBe(expectedSearchable(f).length);
    });

    it('names a wrong import file in one line, before it opens Chroma or Ollama', async () => {
      const f = await startFixture({ small: true });
      const dir = tempDir();
      const missing = path.join(dir, 'export.json');
      const r = indexCli(f, dir, { CHROMA_URL: '' }, ['--import', missing]);
      expect((await r.exit).code).toBe(1);
      expect(r.stderr().trim()).toBe(`index failed: ${missing} does not exist`);
      expect(existsSync(path.join(dir, 'chroma'))).toBe(false);
      expect(f.ollama.requests).toEqual([]);

      const usage = indexCli(f, dir, {}, ['--full', '--import', missing]);
      expect((await usage.exit).code).toBe(2);
      expect(usage.stderr().trim()).toMatch(
        /^index failed: --full and --import cannot be combined \(usage: /,
      );
    });

    it('without CHROMA_URL, uses the running local Chroma of DATA_DIR or starts (and stops) its own', async () => {
      const f = await startFixture({ small: true });
      const dir = tempDir();
      const own = indexCli(f, dir, { CHROMA_URL: '' });
      expect((await own.exit).code).toBe(0);
      expect(own.stderr()).toMatch(/started a local Chroma server/);
      expect(existsSync(path.join(dir, 'chroma', 'server.json'))).toBe(false);

      const { startLocalChroma } = await import('../../src/vector/local-server');
      const shared = await startLocalChroma(path.join(dir, 'chroma'));
      onCleanup(() => shared.stop());
      const reuse = indexCli(f, dir, { CHROMA_URL: '' });
      expect((await reuse.exit).code).toBe(0);
      expect(reuse.stderr()).not.toMatch(/started a local Chroma server/);
      const records = await chromaRecords(shared.url, 'discord_messages');
      expect(records.length).toBe(expectedSearchable(f).length);
    });

    it.each(['SIGTERM', 'SIGINT'] as const)(
      'any number of %s to the whole process group of `npm run index` make one graceful stop',
      async (signal) => {
        const f = await startFixture();
        const dir = tempDir();
        const proxy = await startDelayProxy(f.discord.apiUrl.replace(/\/api$/, ''), 100);
        const env = cliEnv(f, dir, undefined, {
          CHROMA_URL: '', // a local Chroma of its own, which it must stop
          DISCORD_API_URL: `${proxy.url}/api`,
          HOME: dir,
          npm_config_update_notifier: 'false',
        });
        const child: ChildProcess = spawn('npm', ['run', 'index'], {
          cwd: ROOT,
          env: { PATH: process.env.PATH ?? '', ...env },
          detached: true,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        const group = child.pid ?? 0;
        onCleanup(() => {
          try {
            process.kill(-group, 'SIGKILL');
          } catch {
            // the group is gone
          }
        });
        let stderr = '';
        child.stderr?.on('data', (b: Buffer) => {
          stderr += b.toString();
        });
        child.stdout?.resume();
        // 'close': every process holding the pipes (npm and node) has ended.
        const closed = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));

        const mark = f.discord.requests.length;
        await f.discord.waitFor(() => messageRequests(f.discord, mark).length >= 2, 30_000);
        const server = JSON.parse(readFileSync(path.join(dir, 'chroma', 'server.json'), 'utf8')) as {
          pid: number;
        };
        expect(alive(server.pid)).toBe(true);
        // systemd and Ctrl-C signal every process of the group; npm forwards it once more. A fast
        // stop may have ended the group before the last one: nothing left to signal is fine.
        const signalGroup = () => {
          try {
            process.kill(-group, signal);
          } catch (err) {
            if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
          }
        };
        signalGroup();
        signalGroup();
        await new Promise((r) => setTimeout(r, 50));
        signalGroup();

        const code = await closed;
        expect(code).not.toBe(0);
        const lines = ownLines(stderr);
        expect(lines.at(-1)).toBe(
          `index stopped by ${signal}; the next run continues where this one stopped`,
        );
        expect(lines.filter((l) => l.startsWith('index stopped'))).toHaveLength(1);
        expect(alive(server.pid)).toBe(false);
        expect(existsSync(path.join(dir, 'chroma', 'server.json'))).toBe(false);
        expect(() => process.kill(-group, 0)).toThrow();
        const database = cliDatabase(dir);
        expect(await queryRows(database, 'SELECT status, error FROM index_runs')).toEqual([
          { status: 'failed', error: 'stopped' },
        ]);
        expect(await queryRows(database, "SELECT key FROM indexer_state WHERE key = 'lock'")).toEqual([]);

        // The next run finishes the job.
        const next = indexCli(f, dir, {});
        expect((await next.exit).code).toBe(0);
        expect((await storedMessages(database)).length).toBe([...f.expected.values()].flat().length);
      },
    );

    it.each([
      ['waits out a 429 whose retry-after is ten minutes', 'rate-limited'],
      ['waits for its first embedding, which never answers', 'embed-hangs'],
      ['waits for an embedding batch, which never answers', 'batch-hangs'],
    ] as const)(
      'SIGTERM stops it while it %s: one stop, its local Chroma with it',
      async (_, fault) => {
        const f = await startFixture({ small: true });
        const dir = tempDir();
        if (fault === 'rate-limited') {
          f.discord.rateLimit({ pathIncludes: '/messages', count: 3, retryAfterSeconds: 600 });
        }
        if (fault === 'embed-hangs') f.ollama.mode = 'hang';
        // A model that takes a moment per batch, so that batches are still to come when it hangs
        // (the embed stage takes all these messages in one claim and embeds them back to back).
        if (fault === 'batch-hangs') f.ollama.embedDelayMs = 300;
        const run = indexCli(f, dir, { CHROMA_URL: '', EMBED_TIMEOUT_MS: '600000', EMBED_BATCH_SIZE: '4' });
        const serverFile = path.join(dir, 'chroma', 'server.json');
        const embeds = () => f.ollama.requests.filter((r) => r.path === '/api/embed').length;
        if (fault === 'rate-limited') {
          // The three 429s were answered: the crawl waits out their retry-after.
          await f.discord.waitFor(() => messageRequests(f.discord).length >= 3, 60_000);
        } else if (fault === 'embed-hangs') {
          await until(() => embeds() > 0, 60_000, run.stderr);
        } else {
          await until(() => embeds() > 1, 60_000, run.stderr); // the probe and a first batch answered
          f.ollama.mode = 'hang';
          const answered = embeds();
          await until(() => embeds() > answered, 60_000, run.stderr);
        }
        await until(() => existsSync(serverFile), 60_000, run.stderr);
        const chroma = JSON.parse(readFileSync(serverFile, 'utf8')) as { pid: number };

        run.child.kill('SIGTERM');
        run.child.kill('SIGTERM');
        // Without a stop of its own, it would wait ten minutes: past this test's time limit.
        const exit = await run.exit;
        expect(exit.code).not.toBe(0);
        expect(ownLines(run.stderr()).at(-1)).toBe(
          'index stopped by SIGTERM; the next run continues where this one stopped',
        );
        expect(alive(chroma.pid)).toBe(false);
        expect(await queryRows(cliDatabase(dir), 'SELECT status, error FROM index_runs')).toEqual([
          { status: 'failed', error: 'stopped' },
        ]);
      },
      120_000,
    );
  },
  PROCESS_TEST_TIMEOUT_MS,
);

describe(
  'npm run forget (child process)',
  () => {
    it('forgets a member (every guild, or one) and a guild, printing how many messages went', async () => {
      const f = await startFixture({ small: true });
      const alice = USERS[0] ?? '';
      const t = Date.now() - 3 * HOUR;
      const hers = [
        f.add(CH.general, t, 'alice one', { author: alice }),
        f.add(CH.g2text, t, 'alice two', { author: alice }),
      ];
      const dir = tempDir();
      const prefix = uniquePrefix();
      const database = cliDatabase(dir);
      const h = await makeIndexer(f, { database, prefix });
      await h.indexer.run();
      const env = { ...cliEnv(f, dir, undefined, { CHROMA_COLLECTION: prefix }) };
      const count = async (where: (m: { authorId: string; guildId: string; deleted: boolean }) => boolean) =>
        (await storedMessages(database)).filter(where).length;

      const inG1 = await count((m) => m.authorId === alice && m.guildId === G1);
      const one = runEntry('scripts/forget.ts', ['--user', alice, '--guild', G1], env, dir);
      expect((await one.exit).code, one.stderr()).toBe(0);
      expect(one.stdout().trim()).toBe(
        `removed ${inG1} messages of member ${alice} in guild ${G1}; later index runs do not store their messages`,
      );
      const byId = new Map((await storedMessages(database)).map((m) => [m.id, m]));
      expect(byId.get(hers[0] ?? '')).toMatchObject({ deleted: true, content: '' });
      expect(byId.get(hers[1] ?? '')).toMatchObject({ deleted: false });

      const rest = await count((m) => m.authorId === alice && !m.deleted);
      const all = runEntry('scripts/forget.ts', ['--user', alice], env, dir);
      expect((await all.exit).code, all.stderr()).toBe(0);
      expect(all.stdout()).toMatch(new RegExp(`^removed ${rest} messages of member ${alice} in every guild`));
      expect(
        (await chromaRecords(f.chromaUrl, prefix)).filter(
          (x) => (x.metadata as { author_id: string }).author_id === alice,
        ),
      ).toEqual([]);
      // A later run stores nothing of hers.
      const again = f.add(CH.general, Date.now() - HOUR, 'alice again', { author: alice });
      // Her new message, and the two forgotten ones the rescan window reads again.
      expect((await h.indexer.run()).messagesOptedOut).toBe(3);
      expect((await storedMessages(database)).some((m) => m.id === again)).toBe(false);

      const g2 = await count((m) => m.guildId === G2);
      const guild = runEntry('scripts/forget.ts', ['--guild', G2], env, dir);
      expect((await guild.exit).code, guild.stderr()).toBe(0);
      expect(guild.stdout().trim()).toBe(
        `removed guild ${G2}: ${g2} messages, its channels, vectors, cached answers, feedback and questions`,
      );
      expect(await count((m) => m.guildId === G2)).toBe(0);
      expect(await chromaRecords(f.chromaUrl, prefix, undefined, [G2])).toEqual([]);
      expect((await chromaRecords(f.chromaUrl, prefix, undefined, [G1])).length).toBeGreaterThan(0);
    });

    it.each([
      [[], /^forget failed: say whose messages to forget/],
      [['--user', 'alice'], /^forget failed: --user "alice" is not a Discord id/],
      [['--guild', '1', '--user'], /^forget failed: .*\(usage: npm run forget/],
    ])('bad usage %j: one line and exit 2', async (args, line) => {
      const dir = tempDir();
      const r = runEntry('scripts/forget.ts', args, { DATA_DIR: dir }, dir);
      expect((await r.exit).code).toBe(2);
      const lines = r.stderr().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(line);
    });
  },
  PROCESS_TEST_TIMEOUT_MS,
);
