import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../src/store/db';
import { freePort, startLocalChroma } from '../../src/vector/local-server';
import { runEntry } from '../process';
import { tempDir, uniquePrefix } from '../tmp';
import {
  chromaRecords,
  expectedSearchable,
  type Fixture,
  G1,
  G2,
  makeIndexer,
  messageRequests,
  onCleanup,
  startDelayProxy,
  startFixture,
  storedMessages,
} from './world';

/** `npm run index` as a child process against the stand-ins, with its own data dir. */
function indexCli(f: Fixture, dir: string, env: Record<string, string>, args: string[] = []) {
  const run = runEntry(
    'scripts/index.ts',
    args,
    {
      DISCORD_API_URL: f.discord.apiUrl,
      DISCORD_BOT_TOKEN: f.discord.botToken,
      DISCORD_APPLICATION_ID: f.discord.applicationId,
      OLLAMA_HOST: f.ollama.url,
      CHROMA_URL: f.chromaUrl,
      DATA_DIR: dir,
      INDEX_GUILD_IDS: `${G1},${G2}`,
      EMBED_BATCH_SIZE: '16',
      ...env,
    },
    dir,
  );
  onCleanup(() => {
    if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
  });
  return run;
}

function snapshot(dbFile: string) {
  const db = openDb(dbFile);
  try {
    const channels = db.$client
      .prepare('SELECT id, last_message_id, deleted FROM channels ORDER BY id')
      .all();
    const runs = db.$client.prepare('SELECT status FROM index_runs ORDER BY id').pluck().all();
    return { messages: storedMessages(db), channels, runs };
  } finally {
    db.$client.close();
  }
}

/** Polls the child's database (WAL: readable while it writes) until it holds at least `n` messages. */
async function waitForRows(dbFile: string, n: number): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (existsSync(dbFile)) {
      const db = new Database(dbFile, { readonly: true, fileMustExist: true });
      try {
        const count = db.prepare('SELECT count(*) FROM messages').pluck().get() as number;
        if (count >= n) return;
      } catch {
        // not migrated yet
      } finally {
        db.close();
      }
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${dbFile} never held ${n} messages`);
}

describe('npm run index (child process)', () => {
  it('SIGKILLed mid-crawl and mid-embed, then run again: the same store as one uninterrupted run', async () => {
    const f = await startFixture();
    const ref = await makeIndexer(f);
    expect((await ref.indexer.run()).status).toBe('ok');
    const refRecords = await chromaRecords(f.chromaUrl, ref.prefix);
    const refChannels = ref.db.$client
      .prepare('SELECT id, last_message_id, deleted FROM channels ORDER BY id')
      .all();
    const total = storedMessages(ref.db).length;

    const dir = tempDir();
    const dbFile = path.join(dir, 'bot.sqlite');
    const prefix = uniquePrefix();
    const proxy = await startDelayProxy(f.discord.apiUrl.replace(/\/api$/, ''), 80);

    // 1. Killed in the middle of the crawl (Discord slowed down by the proxy).
    let from = f.discord.requests.length;
    const r1 = indexCli(f, dir, { CHROMA_COLLECTION: prefix, DISCORD_API_URL: `${proxy.url}/api` });
    await f.discord.waitFor(() => messageRequests(f.discord, from).length >= 3, 20_000);
    await waitForRows(dbFile, 1);
    r1.child.kill('SIGKILL');
    expect((await r1.exit).signal).toBe('SIGKILL');
    const after1 = snapshot(dbFile).messages.length;
    expect(after1).toBeGreaterThan(0);
    expect(after1).toBeLessThan(total);

    // 2. Killed in the middle of embedding (Ollama slowed down), after the crawl finished.
    proxy.delayMs = 0;
    f.ollama.embedDelayMs = 120;
    from = f.ollama.requests.length;
    const r2 = indexCli(f, dir, { CHROMA_COLLECTION: prefix });
    await f.discord.waitFor(
      () => f.ollama.requests.slice(from).filter((r) => r.path === '/api/embed').length >= 5,
      20_000,
    );
    r2.child.kill('SIGKILL');
    await r2.exit;
    const partial = (await chromaRecords(f.chromaUrl, prefix)).length;
    expect(partial).toBeLessThan(refRecords.length);

    // 3. Run to the end.
    f.ollama.embedDelayMs = 0;
    const r3 = indexCli(f, dir, { CHROMA_COLLECTION: prefix });
    const exit = await r3.exit;
    expect(r3.stderr()).toMatch(/indexed \d+ channels/);
    expect(exit.code).toBe(0);

    const got = snapshot(dbFile);
    expect(got.messages).toEqual(storedMessages(ref.db));
    expect(got.channels).toEqual(refChannels);
    expect(got.runs).toEqual(['failed', 'failed', 'ok']);
    expect(await chromaRecords(f.chromaUrl, prefix)).toEqual(refRecords);
  });

  it('fails with one clear line and a non-zero exit when Ollama is unreachable', async () => {
    const f = await startFixture({ small: true });
    const dir = tempDir();
    const port = await freePort();
    const r = indexCli(f, dir, {
      CHROMA_COLLECTION: uniquePrefix(),
      OLLAMA_HOST: `http://127.0.0.1:${port}`,
    });
    const exit = await r.exit;
    expect(exit.code).toBe(1);
    const lines = r.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines.at(-1)).toMatch(
      new RegExp(`^index failed: Ollama at http://127\\.0\\.0\\.1:${port} is unreachable`),
    );
    expect(messageRequests(f.discord).length).toBe(0);
  });

  it('without CHROMA_URL, uses the running local Chroma of DATA_DIR or starts (and stops) its own', async () => {
    const f = await startFixture({ small: true });
    const dir = tempDir();
    const own = indexCli(f, dir, { CHROMA_URL: '' });
    expect((await own.exit).code).toBe(0);
    expect(own.stderr()).toMatch(/started a local Chroma server/);

    const shared = await startLocalChroma(path.join(dir, 'chroma'));
    onCleanup(() => shared.stop());
    const reuse = indexCli(f, dir, { CHROMA_URL: '' });
    expect((await reuse.exit).code).toBe(0);
    expect(reuse.stderr()).not.toMatch(/started a local Chroma server/);
    const records = await chromaRecords(shared.url, 'discord_messages');
    expect(records.length).toBe(expectedSearchable(f).length);
  });
});
