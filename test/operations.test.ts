import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { systemClock } from '../src/async';
import type { DatabaseSetting } from '../src/config';
import { createOllamaPool } from '../src/llm/hosts';
import { retrieve } from '../src/retrieval/search';
import { openStore } from '../src/store/open';
import { freePort } from '../src/vector/local-server';
import { openVectorIndex } from '../src/vector/store';
import { backends, freshDatabase } from './databases';
import { queryRows, storedChannels, storedMessages, writeExport } from './indexer/world';
import { npm, ownLines } from './npm';
import { runEntry, until } from './process';
import { createSigner } from './sign';
import { snowflakeFromMs } from './standins/discord';
import { type OllamaStandIn, startOllamaStandIn } from './standins/ollama';
import { tempDir, uniquePrefix } from './tmp';

// Day-two operations as processes (issue 20): a backup taken while another process writes,
// restored and answering; a SQLite store moved into PostgreSQL, killed mid-way and resumed,
// answering the same questions with the same sources.

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const SLOW = 240_000;
const GUILD = '850000000000000001';

const own = ownLines;

async function ollama(): Promise<OllamaStandIn> {
  const o = await startOllamaStandIn();
  cleanups.push(() => o.close());
  return o;
}

const count = (file: string, sql: string): number => {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return Number(Object.values(db.prepare(sql).get() as object)[0]);
  } finally {
    db.close();
  }
};

describe('npm run backup and npm run restore', () => {
  it(
    'a backup taken while another process writes is consistent; restored elsewhere, the store answers; restore refuses while the service runs',
    async () => {
      const live = tempDir();
      // A page of 100 messages (one transaction) and one queued job every 100 ms, until stopped.
      const writer = runEntry(
        'bench/store-writer.ts',
        [],
        { DATA_DIR: live, WRITER_PAGE: '100', WRITER_PAUSE_MS: '100' },
        live,
      );
      cleanups.push(() => {
        writer.child.kill('SIGKILL');
      });
      const written = () => Number([...writer.stdout().matchAll(/wrote (\d+)/g)].at(-1)?.[1] ?? 0);
      await until(
        () => written() >= 1200,
        60_000,
        () => writer.stderr(),
      );

      const backups = tempDir();
      const file = path.join(backups, 'askbot-backup.sqlite');
      const before = written();
      const backup = npm(['run', 'backup', '--', file], { DATA_DIR: live });
      expect((await backup.exit).code, backup.stderr()).toBe(0);
      const after = written();
      writer.child.kill('SIGTERM');
      expect((await writer.exit).code).toBe(0);
      // Writes went on while the backup ran, and it holds one moment of them: whole pages only.
      expect(after).toBeGreaterThan(before);
      const inBackup = count(file, 'SELECT count(*) FROM messages');
      expect(inBackup).toBeGreaterThanOrEqual(before);
      expect(inBackup).toBeLessThanOrEqual(after);
      expect(inBackup % 100).toBe(0);
      const queueFile = path.join(backups, 'askbot-backup.queue.sqlite');
      expect(count(queueFile, 'SELECT count(*) FROM jobs')).toBeGreaterThanOrEqual(before / 100);
      expect(own(backup.stdout())).toEqual([
        expect.stringMatching(new RegExp(`^backed up the store to ${file} \\([\\d.,]+ MiB in [\\d.]+ s\\)$`)),
        expect.stringMatching(new RegExp(`^backed up the queue to ${queueFile} \\(`)),
        `restore with: npm run restore -- ${file}`,
      ]);
      // Never over an existing file.
      const again = npm(['run', 'backup', '--', file], { DATA_DIR: live });
      expect((await again.exit).code).toBe(1);
      expect(own(again.stderr()).at(-1)).toBe(
        `backup failed: ${file} exists already; choose another name (or delete it first)`,
      );

      // Restored on another machine (a fresh DATA_DIR), embedded from the store, asked.
      const o = await ollama();
      // The model cites the conversation that holds night 1000's message, wherever retrieval ranked
      // it among the near-identical key messages (night 0, 1000, …): this test is about the restored
      // store, not the ranking.
      o.chatScript = (req) => {
        const prompt = String(req.messages.at(-1)?.content ?? '');
        const n = /<conversation n="(\d+)"[^>]*>(?:(?!<\/conversation>)[\s\S])*night 1000 /.exec(prompt)?.[1];
        return { chunks: [`Under the blue stone [${n ?? 'none'}].`] };
      };
      const restoredDir = tempDir();
      const env = {
        DATA_DIR: restoredDir,
        OLLAMA_HOST: o.url,
        CHROMA_URL: inject('chromaUrl'),
        CHROMA_COLLECTION: uniquePrefix(),
      };
      const restore = npm(['run', 'restore', '--', file], env);
      expect((await restore.exit).code, restore.stderr()).toBe(0);
      expect(own(restore.stdout())[0]).toBe(
        `restored ${file}: ${inBackup.toLocaleString('en-US')} searchable messages in 1 guild, with its queue`,
      );
      expect(count(path.join(restoredDir, 'bot.sqlite'), 'SELECT count(*) FROM messages')).toBe(inBackup);
      const embed = npm(['run', 'index', '--', '--embed-only'], env);
      expect((await embed.exit).code, embed.stderr()).toBe(0);
      expect(own(embed.stderr()).at(-1)).toMatch(
        new RegExp(`^embedded ${inBackup.toLocaleString('en-US')} messages in `),
      );
      const ask = npm(
        ['run', 'ask', '--', '--guild', 'harbour watch', 'where is the lighthouse key for night 1000?'],
        env,
      );
      expect((await ask.exit).code, ask.stderr()).toBe(0);
      expect(ask.stdout()).toMatch(/Under the blue stone \[\d\]\./);
      const key = (BigInt(Date.UTC(2025, 0, 1) - 1420070400000) << 22n) + (1000n << 12n);
      expect(ask.stdout()).toContain(`https://discord.com/channels/${GUILD}/851000000000000001/${key}`);

      // The service runs on the restored store: a second restore is refused, and names it.
      const port = await freePort();
      const service = runEntry(
        'src/main.ts',
        [],
        {
          ...env,
          PORT: String(port),
          DISCORD_PUBLIC_KEY: createSigner().publicKeyHex,
          DISCORD_APPLICATION_ID: '830000000000000001',
          LOG_LEVEL: 'error',
        },
        restoredDir,
      );
      cleanups.push(() => {
        service.child.kill('SIGKILL');
      });
      await until(
        async () => (await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined)) !== undefined,
        60_000,
        () => service.stderr(),
      );
      const refused = npm(['run', 'restore', '--', file], env);
      expect((await refused.exit).code).toBe(1);
      const lines = own(refused.stderr());
      expect(lines[0]).toBe(
        `restore refused: the store ${path.join(restoredDir, 'bot.sqlite')} is in use by:`,
      );
      expect(lines[1]).toMatch(new RegExp(`^  npm start \\(ROLE=all, pid ${service.child.pid} on `));
      expect(lines.at(-1)).toBe(
        'stop them first (e.g. sudo systemctl stop askbot), then run npm run restore again',
      );
      service.child.kill('SIGTERM');
      expect((await service.exit).code).toBe(0);
      // Stopped: the restore goes through, and keeps the store it replaced.
      const done = npm(['run', 'restore', '--', file], env);
      expect((await done.exit).code, done.stderr()).toBe(0);
      expect(done.stdout()).toMatch(/the replaced store is kept as .*bot\.sqlite\.before-restore-/);
    },
    SLOW,
  );

  it(
    'refuses a file that is not a backup of the store, in one line',
    async () => {
      const dir = tempDir();
      const bogus = path.join(dir, 'notes.sqlite');
      new Database(bogus).exec('CREATE TABLE notes (x)');
      const run = npm(['run', 'restore', '--', bogus], { DATA_DIR: dir });
      expect((await run.exit).code).toBe(1);
      expect(own(run.stderr())).toEqual([`restore failed: ${bogus} is not a backup of this bot's store`]);
      expect(existsSync(path.join(dir, 'bot.sqlite'))).toBe(false);
    },
    SLOW,
  );
});

describe.runIf(backends.includes('postgres'))('npm run migrate-store', () => {
  it(
    'moves a SQLite store and its queue into PostgreSQL, resumes after a SIGKILL, verifies the counts, and answers with the same sources',
    async () => {
      const o = await ollama();
      o.chatScript = () => ({ chunks: ['From the logs [1].'] });
      const dir = tempDir();
      const prefix = uniquePrefix();
      const chromaUrl = inject('chromaUrl');
      const env = { DATA_DIR: dir, OLLAMA_HOST: o.url, CHROMA_URL: chromaUrl, CHROMA_COLLECTION: prefix };
      const exports = tempDir();
      const channels = ['811100000000000001', '811100000000000002'];
      const topics = ['kiln temperature', 'glaze recipe', 'clay storage', 'firing schedule', 'wheel repair'];
      // Every message has two words of its own, so that a question names one message.
      const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'xe', 'zu'];
      const word = (n: number) => [...String(n).padStart(4, '0')].map((d) => syllables[Number(d)]).join('');
      const idOf = (c: number, i: number) =>
        snowflakeFromMs(Date.UTC(2025, 2, 1) + c * 86_400_000 + i * 1000);
      const files = channels.map((id, c) =>
        writeExport(path.join(exports, `c${c}.json`), {
          guildId: GUILD,
          guildName: 'Potters',
          channel: { id, name: `room-${c}` },
          messages: Array.from({ length: 600 }, (_, i) => ({
            id: idOf(c, i),
            content: `${topics[i % topics.length]}: ${word(c * 1000 + i)} with ${word(c * 1000 + ((i * 7 + 3) % 600))}`,
          })),
        }),
      );
      const imported = npm(['run', 'index', '--', '--import', exports], env);
      expect((await imported.exit).code, imported.stderr()).toBe(0);
      const sqlite: DatabaseSetting = {
        kind: 'sqlite',
        path: path.join(dir, 'bot.sqlite'),
        queuePath: path.join(dir, 'bot.queue.sqlite'),
      };
      // Answers, ratings, opt-outs and queued questions, as a bot in use has them.
      {
        const { openDatabase } = await import('../src/store/open');
        const db = await openDatabase(sqlite);
        const ids = (await storedMessages(sqlite)).slice(0, 3).map((m) => m.id);
        for (const [i, id] of ['950000000000000001', '950000000000000002'].entries()) {
          await db.store.answers.save({
            id,
            guildId: GUILD,
            channelId: channels[0] ?? '',
            userId: '852000000000000003',
            question: `question ${i}`,
            answer: `answer ${i} [1]`,
            sourceIds: ids,
            parentId: i === 1 ? '950000000000000001' : null,
            createdAt: Date.now() - i,
          });
          await db.store.answers.rate(id, '852000000000000004', i === 0 ? 1 : -1, Date.now());
        }
        await db.store.members.optOut('852000000000000009', GUILD, Date.now());
        await db.store.members.optOut('852000000000000010', undefined, Date.now());
        for (let i = 0; i < 5; i++) {
          await db.queue.enqueue(
            {
              id: `96000000000000000${i}`,
              kind: 'ask',
              guildId: GUILD,
              userId: `85300000000000000${i}`,
              token: `token-${i}`,
              payload: { question: `queued ${i}` },
              receivedAt: Date.now(),
            },
            { maxWaitMs: 600_000, maxPerMember: 3, defaultServiceMs: 1, fallbackSlots: 1, expiryMarginMs: 0 },
            Date.now(),
          );
        }
        await db.close();
      }
      for (const f of files) expect(existsSync(f)).toBe(true);

      const target = await freshDatabase('postgres');
      if (target.kind !== 'postgres') throw new Error('a PostgreSQL database');
      const move = (extra: string[] = []) =>
        npm(['run', 'migrate-store', '--', '--to', target.url, '--batch-size', '25', ...extra], env);

      // Killed in the middle of the messages.
      const killed = move();
      await until(
        async () => {
          try {
            const [row] = await queryRows(
              target,
              "SELECT copied FROM askbot_migrate_store WHERE table_name = 'messages'",
            );
            return Number(row?.copied ?? 0) >= 100;
          } catch {
            return false;
          }
        },
        120_000,
        () => killed.stderr(),
      );
      killed.signalGroup('SIGKILL');
      await killed.exit;
      const partial = Number((await queryRows(target, 'SELECT count(*) AS n FROM messages'))[0]?.n);
      expect(partial).toBeGreaterThan(0);
      expect(partial).toBeLessThan(1200);

      // Run again: it continues, and checks every table's count.
      const resumed = move();
      expect((await resumed.exit).code, resumed.stderr()).toBe(0);
      const out = own(resumed.stdout());
      expect(out[0]).toMatch(
        /^moved [\d,]+ rows in \d+ tables \(continuing a move that had stopped\); counts verified:$/,
      );
      expect(out).toContain('  messages: 1,200');
      expect(out).toContain('  answers: 2');
      expect(out).toContain('  feedback: 2');
      expect(out).toContain('  opt_outs: 2');
      expect(out).toContain('  jobs: 5');
      expect(out).toContain('  channels: 2');
      const copiedNow = Number(
        /^([\d,]+) rows copied by this run/m.exec(resumed.stdout())?.[1]?.replace(/,/g, ''),
      );
      expect(copiedNow).toBeLessThan(
        Number(/^moved ([\d,]+) rows/.exec(out[0] ?? '')?.[1]?.replace(/,/g, '')),
      );
      expect(await queryRows(target, "SELECT to_regclass('askbot_migrate_store') AS t")).toEqual([
        { t: null },
      ]);

      // The same store on both sides.
      expect(await storedMessages(target)).toEqual(await storedMessages(sqlite));
      expect(await storedChannels(target)).toEqual(await storedChannels(sqlite));
      const pgStore = await openStore(target);
      const liteStore = await openStore(sqlite);
      cleanups.push(
        () => pgStore.close(),
        () => liteStore.close(),
      );
      expect(await pgStore.guilds.indexed()).toEqual(await liteStore.guilds.indexed());
      expect(await pgStore.answers.conversation('950000000000000002', 3)).toEqual(
        await liteStore.answers.conversation('950000000000000002', 3),
      );
      expect(await pgStore.members.isOptedOut('852000000000000010', GUILD)).toBe(true);
      expect(await pgStore.runs.last()).toEqual(await liteStore.runs.last());
      // A new run on PostgreSQL numbers after the copied ones.
      expect(await pgStore.runs.start(Date.now(), 'embed')).toBeGreaterThan(
        (await liteStore.runs.last())?.id ?? 0,
      );

      // Retrieval on both: the same sources for the same questions (keyword and vector sides).
      const pool = createOllamaPool({
        hosts: [o.url],
        chatModel: 'llama3.2:3b',
        embedModel: 'nomic-embed-text',
        numCtx: 8192,
        timeoutMs: 10_000,
        firstTokenTimeoutMs: 10_000,
        embedTimeoutMs: 10_000,
      });
      const vectors = await openVectorIndex({
        url: chromaUrl,
        collectionPrefix: prefix,
        model: 'nomic-embed-text',
        timeoutMs: 10_000,
      });
      const scope = { guildId: GUILD, channelIds: channels };
      const asked = [
        [0, 17],
        [1, 230],
        [1, 599],
      ] as const;
      for (const [c, i] of asked) {
        const question = `what about ${word(c * 1000 + i)} with ${word(c * 1000 + ((i * 7 + 3) % 600))}?`;
        const ids = async (store: typeof pgStore) =>
          (
            await retrieve(
              { store, embedder: pool.embedder, vectors, clock: systemClock },
              { question, scope },
            )
          ).sources.map((s) => s.message.id);
        const [fromSqlite, fromPostgres] = [await ids(liteStore), await ids(pgStore)];
        // The message the question names comes first on both; the rest overlaps (the two keyword
        // engines, FTS5 and PostgreSQL full-text search, rank the weaker matches differently).
        expect(fromSqlite[0]).toBe(idOf(c, i));
        expect(fromPostgres[0]).toBe(idOf(c, i));
        // And through npm run ask (once: each run is a process), as the operator would check it:
        // the same answer, the same source.
        if (c !== 0) continue;
        const args = ['run', 'ask', '--', '--guild', 'Potters', question];
        const onSqlite = npm(args, env);
        const onPostgres = npm(args, { ...env, DATABASE_URL: target.url });
        expect((await onSqlite.exit).code, onSqlite.stderr()).toBe(0);
        expect((await onPostgres.exit).code, onPostgres.stderr()).toBe(0);
        expect(onPostgres.stdout()).toContain(
          `https://discord.com/channels/${GUILD}/${channels[c]}/${idOf(c, i)}`,
        );
        expect(own(onPostgres.stdout())).toEqual(own(onSqlite.stdout()));
      }

      // The target holds a store now: a second move into it is refused.
      const refused = move();
      expect((await refused.exit).code).toBe(1);
      expect(own(refused.stderr()).at(-1)).toMatch(
        /^migrate-store failed: the target database is not empty \(.*\); migrate-store fills only an empty database/,
      );
      expect(statSync(sqlite.path).size).toBeGreaterThan(0); // the SQLite store is left as it was
    },
    SLOW,
  );
});
