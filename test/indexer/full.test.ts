/**
 * Issue 11: deletions and edits of any age (`--full`), a guild the bot has left, retention. An
 * HTTP-only bot hears no deletions; a full run re-reads every channel's history, one request per
 * 100 messages, and resumes where a stopped one stopped.
 */
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { msToSnowflake } from '../../src/discord/snowflake';
import { formatSummary } from '../../src/indexer/progress';
import { backends } from '../databases';
import { startDiscordStandIn } from '../standins/discord';
import { startOllamaStandIn } from '../standins/ollama';
import { tempDir } from '../tmp';
import {
  CH,
  chromaRecords,
  DAY,
  expectedSearchable,
  type Fixture,
  G1,
  G2,
  idAt,
  makeIndexer,
  messageRequests,
  OWNER,
  onCleanup,
  startDelayProxy,
  startFixture,
  storedMessages,
  USERS,
  writeExport,
} from './world';

describe.each(backends)('indexer: full run (%s)', (backend) => {
  it('removes a message deleted weeks ago and applies an old edit: text wiped, vector gone, guild version bumped', async () => {
    const f = await startFixture({ small: true });
    const h = await makeIndexer(f, { backend });
    expect((await h.indexer.run()).status).toBe('ok');
    const news = f.expected.get(CH.news) ?? [];
    const gone = news[2]?.id ?? '';
    const edited = news[4]?.id ?? '';
    f.discord.deleteMessage(CH.news, gone);
    f.discord.editMessage(CH.news, edited, 'release notes, corrected a month later');

    // Weeks old: an incremental run does not see either change.
    const inc = await h.indexer.run();
    expect(inc).toMatchObject({ status: 'ok', messagesDeleted: 0, messagesEdited: 0 });
    const version = await h.store.guilds.version(G1);
    const version2 = await h.store.guilds.version(G2);

    const s = await h.indexer.run({ full: true });
    expect(s).toMatchObject({
      status: 'ok',
      source: 'full',
      messagesDeleted: 1,
      messagesEdited: 1,
      messagesNew: 0,
    });
    expect(s.messagesWiped).toBe(1);
    expect(await h.store.runs.last()).toMatchObject({ source: 'full', status: 'ok', messagesDeleted: 1 });

    const byId = new Map((await storedMessages(h.database)).map((m) => [m.id, m]));
    // A tombstone: flagged and wiped, so that no answer can quote it and no import can revive it.
    expect(byId.get(gone)).toMatchObject({ deleted: true, wiped: true, content: '', authorName: '' });
    expect(byId.get(edited)).toMatchObject({
      deleted: false,
      content: 'release notes, corrected a month later',
    });
    const records = await chromaRecords(f.chromaUrl, h.prefix);
    expect(records.some((r) => r.id === gone)).toBe(false);
    expect(records.find((r) => r.id === edited)?.document).toBe('release notes, corrected a month later');
    expect(records.length).toBe(expectedSearchable(f).length - 1);
    expect(await h.store.outbox.pending()).toBe(0);

    // Caches key on the version: it moved for the guild that lost a message.
    expect(await h.store.guilds.version(G1)).toBeGreaterThan(version);
    expect(await h.store.guilds.version(G2)).toBe(version2);
    const g1 = await h.store.guilds.get(G1);
    expect(g1.lastFullRunAt).toBeTypeOf('number');
    expect(g1.lastFullRemoved).toBe(1);
    expect((await h.store.guilds.get(G2)).lastFullRemoved).toBe(0);

    // An export made before the deletion cannot bring it back.
    const file = writeExport(path.join(tempDir(), 'export.json'), {
      guildId: G1,
      channel: { id: CH.news, name: 'news' },
      messages: news.map((m) => ({ id: m.id, content: m.content })),
    });
    const imp = await h.indexer.importFile(file);
    expect(imp).toMatchObject({ status: 'ok', messagesNew: 0 });
    expect((await storedMessages(h.database)).find((m) => m.id === gone)).toMatchObject({
      deleted: true,
      content: '',
    });
    expect((await chromaRecords(f.chromaUrl, h.prefix)).some((r) => r.id === gone)).toBe(false);

    // The next full run starts from the beginning again.
    const mark = f.discord.requests.length;
    expect((await h.indexer.run({ full: true })).status).toBe('ok');
    const first = messageRequests(f.discord, mark).filter((r) => r.channel === CH.news);
    expect(first[0]?.after).toBe('0');
  });

  it('costs one page request per 100 messages of history', async () => {
    const discord = await startDiscordStandIn();
    onCleanup(() => discord.close());
    const ollama = await startOllamaStandIn();
    onCleanup(() => ollama.close());
    discord.addGuild({ id: G1, ownerId: OWNER, roles: [{ id: G1, permissions: '66560' }] });
    const sizes = { '330000000000000001': 1000, '330000000000000002': 250, '330000000000000003': 99 };
    const t0 = Date.now() - 200 * DAY;
    let total = 0;
    for (const [c, [id, n]] of Object.entries(sizes).entries()) {
      discord.addChannel({ id, guildId: G1, type: 0, name: `c${c}` });
      for (let i = 0; i < n; i++) {
        discord.addMessage(id, {
          id: idAt(t0 + i * 60_000 + c),
          authorId: USERS[0] ?? OWNER,
          content: `m ${i}`,
        });
        total++;
      }
    }
    const f: Fixture = {
      discord,
      ollama,
      chromaUrl: inject('chromaUrl'),
      expected: new Map(),
      add: () => '',
    };
    const h = await makeIndexer(f, { backend, settings: { guildIds: [G1] } });
    expect((await h.indexer.run()).messagesNew).toBe(total);

    const mark = discord.requests.length;
    const s = await h.indexer.run({ full: true });
    expect(s).toMatchObject({ status: 'ok', messagesRead: total, messagesNew: 0, messagesDeleted: 0 });
    const pages = messageRequests(discord, mark).length;
    // ⌈n/100⌉ a channel: the last full page ends a channel when it reaches Discord's last_message_id.
    expect(pages).toBe(10 + 3 + 1);
    expect(s.pages).toBe(pages);
    expect(pages).toBeLessThanOrEqual(Math.ceil(total / 100) + Object.keys(sizes).length);
    console.log(
      `full run: ${total} messages re-read in ${pages} page requests (${((100 * pages) / total).toFixed(2)} per 100 messages)`,
    );
  });

  it('resumes a stopped full run where it stopped and ends like one uninterrupted full run', async () => {
    const f = await startFixture();
    const ref = await makeIndexer(f, { backend });
    await ref.indexer.run();
    const h = await makeIndexer(f, { backend, settings: {} });
    await h.indexer.run();
    const general = f.expected.get(CH.general) ?? [];
    const removed = [general[5]?.id ?? '', general[200]?.id ?? ''];
    for (const id of removed) f.discord.deleteMessage(CH.general, id);
    f.discord.editMessage(CH.g2text, f.expected.get(CH.g2text)?.[1]?.id ?? '', 'g2 edited long after');

    // Stop the full run in the middle of #general (Discord slowed down so the stop lands there).
    const proxy = await startDelayProxy(f.discord.apiUrl.replace(/\/api$/, ''), 60);
    const slow = await makeIndexer(f, {
      database: h.database,
      prefix: h.prefix,
      apiUrl: `${proxy.url}/api`,
      tuning: { channelConcurrency: 1 },
    });
    const ac = new AbortController();
    const mark = f.discord.requests.length;
    const stopped = slow.indexer.run({ full: true, signal: ac.signal });
    await f.discord.waitFor(
      () => messageRequests(f.discord, mark).filter((r) => r.channel === CH.general).length >= 2,
      20_000,
    );
    ac.abort();
    expect(await stopped).toMatchObject({ status: 'failed', error: 'stopped', source: 'full' });
    const progress = await h.store.runs.fullProgress();
    const at = progress.get(CH.general);
    expect(at).toMatch(/^\d+$/);

    const resume = f.discord.requests.length;
    const s = await h.indexer.run({ full: true });
    expect(s.status).toBe('ok');
    const again = messageRequests(f.discord, resume);
    // #general goes on from where it stopped; channels finished before the stop are not re-read from the start.
    expect(again.find((r) => r.channel === CH.general)?.after).toBe(at);
    for (const [id, position] of progress)
      if (position === 'done') expect(again.find((r) => r.channel === id)?.after).not.toBe('0');
    expect(await h.store.runs.fullProgress()).toEqual(new Map());

    // The same store as one uninterrupted full run.
    expect((await ref.indexer.run({ full: true })).status).toBe('ok');
    expect(await storedMessages(h.database)).toEqual(await storedMessages(ref.database));
    expect(await chromaRecords(f.chromaUrl, h.prefix)).toEqual(await chromaRecords(f.chromaUrl, ref.prefix));
    expect((await storedMessages(h.database)).filter((m) => removed.includes(m.id))).toMatchObject([
      { deleted: true, content: '' },
      { deleted: true, content: '' },
    ]);
  });
});

describe.each(backends)('indexer: guilds the bot left, retention (%s)', (backend) => {
  it('reports a guild the bot is no longer in (403), records it for /status, and clears it when back', async () => {
    const f = await startFixture({ small: true });
    const h = await makeIndexer(f, { backend });
    expect((await h.indexer.run()).status).toBe('ok');
    const before = (await storedMessages(h.database)).filter((m) => m.guildId === G2);

    f.discord.setBotInGuild(G2, false);
    const s = await h.indexer.run();
    expect(s.status).toBe('partial');
    expect(s.unreachableGuilds).toEqual([
      {
        guildId: G2,
        error: expect.stringMatching(/no longer in this guild \(403 Missing Access, code 50001\)/),
      },
    ]);
    expect(s.failedChannels).toEqual([]);
    const lines = formatSummary(s).split('\n');
    expect(lines.some((l) => l.includes(G2) && l.includes(`npm run forget -- --guild ${G2}`))).toBe(true);
    const state = await h.store.guilds.get(G2);
    expect(state.unreachableAt).toBeTypeOf('number');
    expect(state.unreachableReason).toMatch(/403/);
    // Nothing of it is flagged deleted: only the operator removes a guild.
    expect((await storedMessages(h.database)).filter((m) => m.guildId === G2)).toEqual(before);

    // A second run keeps the first time it was seen unreachable.
    await h.indexer.run();
    expect((await h.store.guilds.get(G2)).unreachableAt).toBe(state.unreachableAt);

    f.discord.setBotInGuild(G2, true);
    expect((await h.indexer.run()).status).toBe('ok');
    expect(await h.store.guilds.get(G2)).toMatchObject({ unreachableAt: null, unreachableReason: null });
  });

  it('INDEX_RETENTION_DAYS: older messages are never stored, and leave the index at every run', async () => {
    const f = await startFixture({ small: true });
    const recent = [
      f.add(CH.general, Date.now() - 5 * DAY, 'five days old'),
      f.add(CH.g2text, Date.now() - 2 * DAY, 'two days old'),
    ];
    const keepDays = 10;
    const limited = await makeIndexer(f, { backend, settings: { retentionDays: keepDays } });
    const s = await limited.indexer.run();
    expect(s).toMatchObject({ status: 'ok', messagesNew: recent.length });
    expect((await storedMessages(limited.database)).map((m) => m.id).sort()).toEqual([...recent].sort());
    // Nothing older is even fetched: every first request starts at the cutoff.
    for (const r of messageRequests(f.discord)) expect(BigInt(r.after ?? '0')).toBeGreaterThan(0n);

    // A store that kept everything, then the limit: old messages leave SQL and Chroma.
    const h = await makeIndexer(f, { backend });
    await h.indexer.run();
    const all = await storedMessages(h.database);
    const old = all.filter((m) => m.createdAt < Date.now() - keepDays * DAY);
    expect(old.length).toBeGreaterThan(0);
    const versions = [await h.store.guilds.version(G1), await h.store.guilds.version(G2)];
    const withLimit = await makeIndexer(f, {
      database: h.database,
      prefix: h.prefix,
      settings: { retentionDays: keepDays },
    });
    const expired = await withLimit.indexer.run();
    expect(expired).toMatchObject({ status: 'ok', messagesExpired: old.length, messagesNew: 0 });
    const after = new Map((await storedMessages(h.database)).map((m) => [m.id, m]));
    for (const m of old) expect(after.get(m.id)).toMatchObject({ deleted: true, wiped: true, content: '' });
    expect((await chromaRecords(f.chromaUrl, h.prefix)).map((r) => r.id).sort()).toEqual(
      all
        .filter((m) => !old.includes(m) && m.content !== '')
        .map((m) => m.id)
        .sort(),
    );
    expect(await h.store.guilds.version(G1)).toBeGreaterThan(versions[0] ?? 0);
    expect(await h.store.guilds.version(G2)).toBeGreaterThan(versions[1] ?? 0);

    // A full run under the limit does not bring them back, nor does an import of them
    expect(await withLimit.indexer.run({ full: true })).toMatchObject({ status: 'ok', messagesNew: 0 });
    const oldNews = (f.expected.get(CH.news) ?? []).slice(0, 3);
    const file = writeExport(path.join(tempDir(), 'old.json'), {
      guildId: G1,
      channel: { id: CH.news, name: 'news' },
      messages: oldNews,
    });
    // (into the store that never held them: the import itself leaves them out)
    expect(await limited.indexer.importFile(file)).toMatchObject({
      status: 'ok',
      messagesRead: oldNews.length + 1,
      messagesNew: 0,
    });
    expect((await storedMessages(limited.database)).map((m) => m.id).sort()).toEqual([...recent].sort());
    const cutoff = msToSnowflake(Date.now() - keepDays * DAY);
    expect(
      (await storedMessages(h.database)).filter((m) => BigInt(m.id) < BigInt(cutoff) && !m.deleted),
    ).toEqual([]);
  });
});
