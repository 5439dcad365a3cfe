import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../src/indexer/indexer';
import { scheduleIndexer } from '../../src/indexer/schedule';
import { getChannel } from '../../src/store/channels';
import { lastRun, startRun } from '../../src/store/runs';
import { collections, indexerState } from '../../src/store/schema';
import { chromaClientFor, collectionNameFor } from '../../src/vector/store';
import { tempDir } from '../tmp';
import {
  CH,
  chromaRecords,
  deleteCollection,
  expectedSearchable,
  G1,
  makeIndexer,
  messageRequests,
  startFixture,
  storedMessages,
} from './world';

describe('indexer: recovery', () => {
  it('repairs a wiped Chroma collection from SQLite without refetching history', async () => {
    const f = await startFixture({ small: true });
    const h = await makeIndexer(f);
    await h.indexer.run();
    const cursors = new Map(
      Object.values(CH).map((id) => [id as string, getChannel(h.db, id)?.lastMessageId ?? null]),
    );
    const records = await chromaRecords(f.chromaUrl, h.prefix);

    await deleteCollection(f.chromaUrl, h.prefix);
    const from = f.discord.requests.length;
    const h2 = await makeIndexer(f, { dbPath: h.dbPath, prefix: h.prefix });
    const s = await h2.indexer.run();
    expect(s).toMatchObject({ status: 'ok', messagesNew: 0, messagesEmbedded: expectedSearchable(f).length });
    for (const r of messageRequests(f.discord, from)) expect(r.after).toBe(cursors.get(r.channel));
    expect(await chromaRecords(f.chromaUrl, h.prefix)).toEqual(records);

    // A partial loss is found by id and only the missing records are re-embedded.
    const lost = records.slice(3, 8).map((r) => r.id);
    const coll = await chromaClientFor(f.chromaUrl).getCollection({
      name: collectionNameFor(h.prefix, 'nomic-embed-text'),
    });
    await coll.delete({ ids: lost });
    const s3 = await h2.indexer.run();
    expect(s3).toMatchObject({ status: 'ok', messagesEmbedded: lost.length });
    expect(await chromaRecords(f.chromaUrl, h.prefix)).toEqual(records);
  });

  it('fills a new collection from SQLite when the embed model changes, leaving the old one untouched', async () => {
    const f = await startFixture({ small: true });
    const a = await makeIndexer(f);
    await a.indexer.run();
    const oldRecords = await chromaRecords(f.chromaUrl, a.prefix);
    const from = f.discord.requests.length;
    const embedsBefore = f.ollama.requests.length;

    const b = await makeIndexer(f, { dbPath: a.dbPath, prefix: a.prefix, model: 'mxbai-embed-large' });
    const s = await b.indexer.run();
    expect(s).toMatchObject({ status: 'ok', messagesNew: 0, messagesEmbedded: expectedSearchable(f).length });
    expect(messageRequests(f.discord, from).every((r) => r.after !== '0')).toBe(true);
    const models = f.ollama.requests.slice(embedsBefore).map((r) => (r.body as { model?: string }).model);
    expect(new Set(models)).toEqual(new Set(['mxbai-embed-large']));
    const newRecords = await chromaRecords(f.chromaUrl, a.prefix, 'mxbai-embed-large');
    expect(newRecords.map((r) => r.id)).toEqual(oldRecords.map((r) => r.id));
    expect(await chromaRecords(f.chromaUrl, a.prefix)).toEqual(oldRecords);
    const rows = b.db.select().from(collections).all();
    expect(rows.map((r) => [r.name, r.ready]).sort()).toEqual(
      [
        [collectionNameFor(a.prefix, 'mxbai-embed-large'), true],
        [collectionNameFor(a.prefix, 'nomic-embed-text'), false],
      ].sort(),
    );
    expect(rows.find((r) => r.model === 'mxbai-embed-large')?.dimension).toBe(f.ollama.dimension);

    // Switching back refreshes the old collection (it missed nothing here, so it stays equal).
    const back = await makeIndexer(f, { dbPath: a.dbPath, prefix: a.prefix });
    expect((await back.indexer.run()).messagesEmbedded).toBe(expectedSearchable(f).length);
    expect(await chromaRecords(f.chromaUrl, a.prefix)).toEqual(oldRecords);
  });

  it('imports a DiscordChatExporter file twice to the same store, and a live run continues after it', async () => {
    const f = await startFixture({ small: true });
    const general = [...(f.expected.get(CH.general) ?? [])].sort((x, y) =>
      BigInt(x.id) < BigInt(y.id) ? -1 : 1,
    );
    const imported = general.slice(0, 20);
    const file = path.join(tempDir(), 'export.json');
    writeFileSync(
      file,
      JSON.stringify(
        {
          guild: { id: G1, name: 'Guild one', iconUrl: 'x' },
          channel: {
            id: CH.general,
            type: 'GuildTextChat',
            categoryId: CH.category,
            category: 'cat',
            name: 'general',
            topic: null,
          },
          dateRange: { after: null, before: null },
          exportedAt: new Date().toISOString(),
          messages: [
            ...imported.map((m) => ({
              id: m.id,
              type: 'Default',
              timestamp: new Date(Number((BigInt(m.id) >> 22n) + 1420070400000n))
                .toISOString()
                .replace('Z', '+00:00'),
              timestampEdited: null,
              isPinned: false,
              content: m.content,
              author: {
                id: '400000000000000002',
                name: 'someone',
                discriminator: '0000',
                nickname: 'Some One',
                isBot: false,
              },
              attachments: [],
              embeds: [],
              reactions: [],
            })),
            {
              id: '999',
              type: 'GuildMemberJoin',
              timestamp: '2020-01-01T00:00:00+00:00',
              content: 'Joined the server.',
              author: { id: '1', name: 'x' },
            },
          ],
          messageCount: imported.length + 1,
        },
        null,
        2,
      ),
    );
    const h = await makeIndexer(f);
    const first = await h.indexer.importFile(file);
    expect(first).toMatchObject({ status: 'ok', channels: 1, messagesNew: imported.length });
    const after1 = storedMessages(h.db);
    const second = await h.indexer.importFile(file);
    expect(second).toMatchObject({ status: 'ok', messagesNew: 0, messagesEdited: 0, messagesEmbedded: 0 });
    expect(storedMessages(h.db)).toEqual(after1);
    expect(f.discord.requests).toEqual([]);
    expect(lastRun(h.db)?.source).toBe('import');
    expect((await chromaRecords(f.chromaUrl, h.prefix)).length).toBe(
      imported.filter((m) => m.content !== '').length,
    );
    const maxImported = imported.at(-1)?.id;
    expect(getChannel(h.db, CH.general)?.lastMessageId).toBe(maxImported);

    const live = await h.indexer.run();
    expect(live.status).toBe('ok');
    expect(messageRequests(f.discord).find((r) => r.channel === CH.general)?.after).toBe(maxImported);
    expect(live.messagesNew).toBe([...f.expected.values()].flat().length - imported.length);
    expect(storedMessages(h.db).length).toBe([...f.expected.values()].flat().length);
    expect((await chromaRecords(f.chromaUrl, h.prefix)).length).toBe(expectedSearchable(f).length);
  });

  it('allows one run at a time across processes and takes over the lock of a dead one', async () => {
    const f = await startFixture({ small: true, embedDelayMs: 40 });
    const a = await makeIndexer(f);
    const b = await makeIndexer(f, { dbPath: a.dbPath, prefix: a.prefix });
    const first = a.indexer.run();
    await f.discord.waitFor(() => f.discord.requests.length > 0, 10_000);
    expect(a.indexer.running).toBe(true);
    const same = await a.indexer.run();
    expect(same.status).toBe('skipped');
    const other = await b.indexer.run();
    expect(other.status).toBe('skipped');
    expect(other.error).toMatch(new RegExp(`pid ${process.pid}`));
    expect((await first).status).toBe('ok');
    f.ollama.embedDelayMs = 0;

    // A SIGKILLed run leaves its lock row and a 'running' run row behind.
    const dead = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid;
    const now = Date.now();
    a.db
      .insert(indexerState)
      .values({
        key: 'lock',
        value: JSON.stringify({
          pid: dead,
          host: hostname(),
          token: 'gone',
          startedAt: now,
          heartbeatAt: now,
        }),
        updatedAt: now,
      })
      .run();
    const abandoned = startRun(a.db, now, 'discord');
    const s = await b.indexer.run();
    expect(s.status).toBe('ok');
    expect(
      b.db
        .select()
        .from(indexerState)
        .all()
        .some((r) => r.key === 'lock'),
    ).toBe(false);
    const runs = b.db.$client.prepare('SELECT id, status, error FROM index_runs ORDER BY id').all() as {
      id: number;
      status: string;
      error: string | null;
    }[];
    expect(runs.find((r) => r.id === abandoned)).toMatchObject({ status: 'failed' });
    expect(runs.at(-1)).toMatchObject({ status: 'ok' });

    // A live pid whose heartbeat stopped long ago (pid reused) is stale too.
    a.db
      .insert(indexerState)
      .values({
        key: 'lock',
        value: JSON.stringify({
          pid: process.pid,
          host: hostname(),
          token: 'hung',
          startedAt: 0,
          heartbeatAt: now - 3_600_000,
        }),
        updatedAt: now,
      })
      .run();
    expect((await a.indexer.run()).status).toBe('ok');
  });

  it('scheduler: a tick that comes while a run is going is skipped and logged', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'info' }, { write: (s: string) => lines.push(s) });
    let calls = 0;
    const run = async (): Promise<RunSummary> => {
      calls++;
      await new Promise((r) => setTimeout(r, 2300));
      return {
        runId: calls,
        status: 'ok',
        channels: 0,
        messagesNew: 0,
        messagesEdited: 0,
        messagesDeleted: 0,
        messagesEmbedded: 0,
        failedChannels: [],
        seconds: 2.3,
      };
    };
    const job = scheduleIndexer('* * * * * *', run, log);
    expect(job.nextRun()).toBeInstanceOf(Date);
    await new Promise((r) => setTimeout(r, 3300));
    job.stop();
    expect(calls).toBeGreaterThanOrEqual(1);
    expect(calls).toBeLessThanOrEqual(2);
    expect(
      lines.filter((l) => l.includes('skipped: the previous run is still going')).length,
    ).toBeGreaterThanOrEqual(1);
    expect(job.nextRun()).toBeNull();
    expect(() => scheduleIndexer('every tuesday', run, log)).toThrow(
      /INDEX_CRON "every tuesday" is not a valid cron/,
    );
  });
});
