import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../src/indexer/indexer';
import { createRunGate, type RunKind, scheduleIndexRuns } from '../../src/indexer/schedule';
import { chromaClientFor, guildCollectionName } from '../../src/vector/store';
import { backends } from '../databases';
import { tempDir } from '../tmp';
import {
  CH,
  chromaRecords,
  deleteCollection,
  expectedSearchable,
  G1,
  G2,
  makeIndexer,
  messageRequests,
  openTestStore,
  queryRows,
  startFixture,
  storedMessages,
  writeExport,
} from './world';

describe.each(backends)('indexer: recovery (%s)', (backend) => {
  it('repairs a wiped Chroma collection from the store without refetching history', async () => {
    const f = await startFixture({ small: true });
    const h = await makeIndexer(f, { backend });
    await h.indexer.run();
    const cursors = new Map<string, string | null>();
    for (const id of Object.values(CH))
      cursors.set(id, (await h.store.channels.get(id))?.lastMessageId ?? null);
    const records = await chromaRecords(f.chromaUrl, h.prefix);

    await deleteCollection(f.chromaUrl, h.prefix);
    const from = f.discord.requests.length;
    const h2 = await makeIndexer(f, { database: h.database, prefix: h.prefix });
    const s = await h2.indexer.run();
    expect(s).toMatchObject({ status: 'ok', messagesNew: 0, messagesEmbedded: expectedSearchable(f).length });
    for (const r of messageRequests(f.discord, from)) expect(r.after).toBe(cursors.get(r.channel));
    expect(await chromaRecords(f.chromaUrl, h.prefix)).toEqual(records);

    // A partial loss is found by id and only the missing records are re-embedded.
    const lost = records
      .filter((r) => (r.metadata as { guild_id: string }).guild_id === G1)
      .slice(3, 8)
      .map((r) => r.id);
    const coll = await chromaClientFor(f.chromaUrl).getCollection({
      name: guildCollectionName(h.prefix, G1, 'nomic-embed-text'),
    });
    await coll.delete({ ids: lost });
    const s3 = await h2.indexer.run();
    expect(s3).toMatchObject({ status: 'ok', messagesEmbedded: lost.length });
    expect(await chromaRecords(f.chromaUrl, h.prefix)).toEqual(records);
  });

  it('fills new collections from the store when the embed model changes, leaving the old ones untouched', async () => {
    const f = await startFixture({ small: true });
    const a = await makeIndexer(f, { backend });
    await a.indexer.run();
    const oldRecords = await chromaRecords(f.chromaUrl, a.prefix);
    const from = f.discord.requests.length;
    const embedsBefore = f.ollama.requests.length;

    const b = await makeIndexer(f, { database: a.database, prefix: a.prefix, model: 'mxbai-embed-large' });
    const s = await b.indexer.run();
    expect(s).toMatchObject({ status: 'ok', messagesNew: 0, messagesEmbedded: expectedSearchable(f).length });
    expect(messageRequests(f.discord, from).every((r) => r.after !== '0')).toBe(true);
    const models = f.ollama.requests.slice(embedsBefore).map((r) => (r.body as { model?: string }).model);
    expect(new Set(models)).toEqual(new Set(['mxbai-embed-large']));
    const newRecords = await chromaRecords(f.chromaUrl, a.prefix, 'mxbai-embed-large');
    expect(newRecords.map((r) => r.id)).toEqual(oldRecords.map((r) => r.id));
    expect(await chromaRecords(f.chromaUrl, a.prefix)).toEqual(oldRecords);
    const rows = await b.store.outbox.collections();
    expect(rows.map((r) => [r.name, r.ready]).sort()).toEqual(
      [
        [guildCollectionName(a.prefix, G1, 'mxbai-embed-large'), true],
        [guildCollectionName(a.prefix, G2, 'mxbai-embed-large'), true],
        [guildCollectionName(a.prefix, G1, 'nomic-embed-text'), false],
        [guildCollectionName(a.prefix, G2, 'nomic-embed-text'), false],
      ].sort(),
    );
    expect(rows.find((r) => r.model === 'mxbai-embed-large')?.dimension).toBe(f.ollama.dimension);

    // Switching back refreshes the old collections (they missed nothing here, so they stay equal).
    const back = await makeIndexer(f, { database: a.database, prefix: a.prefix });
    expect((await back.indexer.run()).messagesEmbedded).toBe(expectedSearchable(f).length);
    expect(await chromaRecords(f.chromaUrl, a.prefix)).toEqual(oldRecords);
  });

  it('imports a DiscordChatExporter file twice to the same store, and a live run continues after it', async () => {
    const f = await startFixture({ small: true });
    const general = [...(f.expected.get(CH.general) ?? [])].sort((x, y) =>
      BigInt(x.id) < BigInt(y.id) ? -1 : 1,
    );
    const imported = general.slice(0, 20);
    const file = writeExport(path.join(tempDir(), 'export.json'), {
      guildId: G1,
      channel: { id: CH.general, name: 'general', categoryId: CH.category },
      messages: imported,
    });
    const h = await makeIndexer(f, { backend });
    const first = await h.indexer.importFile(file);
    expect(first).toMatchObject({
      status: 'ok',
      source: 'import',
      channels: 1,
      messagesNew: imported.length,
    });
    const after1 = await storedMessages(h.database);
    const second = await h.indexer.importFile(file);
    expect(second).toMatchObject({ status: 'ok', messagesNew: 0, messagesEdited: 0, messagesEmbedded: 0 });
    expect(await storedMessages(h.database)).toEqual(after1);
    expect(f.discord.requests).toEqual([]);
    expect((await h.store.runs.last())?.source).toBe('import');
    expect((await chromaRecords(f.chromaUrl, h.prefix)).length).toBe(
      imported.filter((m) => m.content !== '').length,
    );
    const maxImported = imported.at(-1)?.id;
    expect((await h.store.channels.get(CH.general))?.lastMessageId).toBe(maxImported);

    const live = await h.indexer.run();
    expect(live.status).toBe('ok');
    expect(messageRequests(f.discord).find((r) => r.channel === CH.general)?.after).toBe(maxImported);
    expect(live.messagesNew).toBe([...f.expected.values()].flat().length - imported.length);
    expect((await storedMessages(h.database)).length).toBe([...f.expected.values()].flat().length);
    expect((await chromaRecords(f.chromaUrl, h.prefix)).length).toBe(expectedSearchable(f).length);
  });

  it('an import names a file it cannot read before it touches anything else', async () => {
    const f = await startFixture({ small: true });
    f.ollama.mode = 'refuse';
    const h = await makeIndexer(f, { backend });
    const missing = path.join(tempDir(), 'nope.json');
    const s = await h.indexer.importFile(missing);
    expect(s).toMatchObject({ status: 'failed', runId: 0, error: `${missing} does not exist` });
    expect(f.ollama.requests).toEqual([]);
    expect(await h.store.runs.last()).toBeUndefined();
  });

  it('allows one run at a time across processes, and closes a run a dead process left open', async () => {
    const f = await startFixture({ small: true, embedDelayMs: 40 });
    const a = await makeIndexer(f, { backend });
    const b = await makeIndexer(f, { database: a.database, prefix: a.prefix });
    const first = a.indexer.run();
    await f.discord.waitFor(() => f.discord.requests.length > 0, 10_000);
    expect(a.indexer.running).toBe(true);
    const same = await a.indexer.run();
    expect(same.status).toBe('skipped');
    const other = await b.indexer.run({ full: true });
    expect(other).toMatchObject({ status: 'skipped', source: 'full' });
    expect(other.error).toMatch(new RegExp(`pid ${process.pid}`));
    expect((await first).status).toBe('ok');
    f.ollama.embedDelayMs = 0;

    // A killed process leaves a 'running' run row behind.
    const dead = await openTestStore(a.database);
    const abandoned = await dead.runs.start(Date.now(), 'full');
    const s = await b.indexer.run();
    expect(s.status).toBe('ok');
    const runs = await queryRows(a.database, 'SELECT id, status, error FROM index_runs ORDER BY id');
    expect(runs.find((r) => Number(r.id) === abandoned)).toMatchObject({ status: 'failed' });
    expect(runs.at(-1)).toMatchObject({ status: 'ok' });
    expect(await queryRows(a.database, "SELECT key FROM indexer_state WHERE key = 'lock'")).toEqual([]);
  });
});

describe('indexer: recovery (sqlite lock file row)', () => {
  it('takes over the lock of a dead process, and of a live pid whose heartbeat stopped', async () => {
    const f = await startFixture({ small: true });
    const h = await makeIndexer(f);
    if (h.database.kind !== 'sqlite') throw new Error('sqlite expected');
    // The holder's heartbeat is the row's updated_at.
    const write = (holder: object, heartbeatAt = Date.now()) => {
      const db = new Database(h.database.kind === 'sqlite' ? h.database.path : '');
      try {
        db.prepare(
          `INSERT INTO indexer_state (key, value, updated_at) VALUES ('lock', ?, ?)
           ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
        ).run(JSON.stringify(holder), heartbeatAt);
      } finally {
        db.close();
      }
    };
    const now = Date.now();
    const dead = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid;
    write({ pid: dead, host: hostname(), token: 'gone', startedAt: now, heartbeatAt: now });
    expect((await h.indexer.run()).status).toBe('ok');
    expect(h.events.some((e) => e.kind === 'note' && /took over the lock/.test(e.message))).toBe(true);

    write({ pid: process.pid, host: hostname(), token: 'hung', startedAt: 0 }, now - 3_600_000);
    expect((await h.indexer.run()).status).toBe('ok');
  });
});

describe('scheduler', () => {
  const summary = (kind: RunKind): RunSummary => ({
    runId: 1,
    source: kind === 'full' ? 'full' : 'discord',
    status: 'ok',
    channels: 0,
    messagesNew: 0,
    messagesEdited: 0,
    messagesDeleted: 0,
    messagesEmbedded: 0,
    messagesRead: 0,
    pages: 0,
    messagesOptedOut: 0,
    messagesExpired: 0,
    messagesWiped: 0,
    skippedMessages: [],
    failedChannels: [],
    unreachableGuilds: [],
    seconds: 0,
  });

  it('runs one run at a time: a tick of either kind during a run is skipped and logged', async () => {
    const lines: { msg: string; kind?: string }[] = [];
    const log = pino({ level: 'info' }, { write: (s: string) => lines.push(JSON.parse(s)) });
    const started: RunKind[] = [];
    let release: () => void = () => {};
    const gate = createRunGate(async (kind) => {
      started.push(kind);
      await new Promise<void>((r) => {
        release = r;
      });
      return summary(kind);
    }, log);

    const full = gate.tick('full');
    expect(await gate.tick('incremental')).toBeUndefined();
    expect(await gate.tick('full')).toBeUndefined();
    release();
    expect((await full)?.source).toBe('full');
    expect(started).toEqual(['full']);
    expect(lines.map((l) => l.msg)).toEqual([
      'scheduled incremental index run skipped: a full run is still going',
      'scheduled full index run skipped: a full run is still going',
      'scheduled full index run finished',
    ]);

    // Free again: the next tick runs.
    const inc = gate.tick('incremental');
    release();
    expect((await inc)?.source).toBe('discord');
    expect(started).toEqual(['full', 'incremental']);
  });

  it('logs a run that another process holds the lock for as skipped, and one that throws', async () => {
    const lines: { msg: string; level: number }[] = [];
    const log = pino({ level: 'info' }, { write: (s: string) => lines.push(JSON.parse(s)) });
    const gate = createRunGate(async (kind) => {
      if (kind === 'full') throw new Error('database gone');
      return { ...summary(kind), status: 'skipped', error: 'another index run is in progress (pid 7 on h)' };
    }, log);
    expect((await gate.tick('incremental'))?.status).toBe('skipped');
    expect(await gate.tick('full')).toBeUndefined();
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      [30, 'scheduled incremental index run skipped: another index run is in progress (pid 7 on h)'],
      [50, 'scheduled full index run threw'],
    ]);
  });

  it('schedules INDEX_CRON and INDEX_FULL_CRON, and names the setting that is not a cron expression', async () => {
    const log = pino({ level: 'silent' });
    const run = async (kind: RunKind) => summary(kind);
    const both = scheduleIndexRuns({ cron: '*/15 * * * *', fullCron: '0 3 * * 0', run, log });
    const next = both.nextRuns();
    expect(next.incremental).toBeInstanceOf(Date);
    expect(next.full).toBeInstanceOf(Date);
    await both.stop();
    expect(both.nextRuns()).toEqual({ incremental: null, full: null });
    const onlyFull = scheduleIndexRuns({ fullCron: '0 3 * * *', run, log });
    expect(onlyFull.nextRuns().incremental).toBeNull();
    await onlyFull.stop();
    expect(() => scheduleIndexRuns({ cron: 'every tuesday', run, log })).toThrow(
      /INDEX_CRON "every tuesday" is not a valid cron/,
    );
    expect(() => scheduleIndexRuns({ cron: '* * * * *', fullCron: 'nope', run, log })).toThrow(
      /INDEX_FULL_CRON "nope" is not a valid cron/,
    );
  });
});
