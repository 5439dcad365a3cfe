import { describe, expect, inject, it } from 'vitest';
import { formatSummary } from '../../src/indexer/progress';
import { backends } from '../databases';
import { startDiscordStandIn } from '../standins/discord';
import { startOllamaStandIn } from '../standins/ollama';
import {
  CH,
  chromaRecords,
  DAY,
  expectedSearchable,
  type Fixture,
  G1,
  G2,
  HOUR,
  idAt,
  makeIndexer,
  messageRequests,
  OTHER_BOT,
  OWNER,
  onCleanup,
  startFixture,
  storedMessages,
  USERS,
} from './world';

describe.each(backends)('indexer: live crawl (%s)', (backend) => {
  it('crawls two guilds (text, announcement, threads, archived thread, forum post) into the store and Chroma', async () => {
    const f = await startFixture();
    const h = await makeIndexer(f, { backend });
    const s = await h.indexer.run();

    expect(s.status).toBe('ok');
    expect(s.source).toBe('discord');
    expect(s.failedChannels).toEqual([]);
    const all = [...f.expected.values()].flat();
    expect(s.messagesNew).toBe(all.length);
    expect(s.channels).toBe(7); // #general, #news, 2 threads, the forum post, G2's text and announcement
    const stored = await storedMessages(h.database);
    expect(stored.map((m) => m.id).sort()).toEqual(all.map((m) => m.id).sort());
    // Never the bot's own messages; other bots' are kept and flagged.
    expect(stored.some((m) => m.authorId === f.discord.botUserId)).toBe(false);
    expect(stored.filter((m) => m.authorId === OTHER_BOT).every((m) => m.authorIsBot)).toBe(true);
    expect(stored.filter((m) => m.authorId === OTHER_BOT).length).toBeGreaterThan(0);
    // Pagination: #general holds 260 messages → 3 pages, each `after` the previous max.
    const general = messageRequests(f.discord).filter((r) => r.channel === CH.general);
    expect(general.length).toBe(3);
    expect(general[0]?.after).toBe('0');

    const searchable = expectedSearchable(f);
    const records = await chromaRecords(f.chromaUrl, h.prefix);
    expect(records.map((r) => r.id).sort()).toEqual(searchable.map((m) => m.id).sort());
    expect(s.messagesEmbedded).toBe(searchable.length);
    const one = stored.find((m) => m.channelId === CH.forumPost);
    const rec = records.find((r) => r.id === one?.id);
    expect(rec?.document).toBe(one?.content);
    expect(rec?.metadata).toEqual({
      guild_id: G1,
      channel_id: CH.forumPost,
      author_id: one?.authorId,
      author_name: one?.authorName,
      created_at: one?.createdAt,
    });
    expect(stored.find((m) => m.channelId === CH.g2text)?.guildId).toBe(G2);
    // Each guild's vectors are in its own collection.
    expect((await chromaRecords(f.chromaUrl, h.prefix, undefined, [G2])).length).toBe(
      searchable.filter((m) => stored.find((x) => x.id === m.id)?.guildId === G2).length,
    );

    // Channel rows the /ask path reads: threads with their parents, forum recorded, voice not.
    expect(await h.store.channels.get(CH.activeThread)).toMatchObject({
      type: 11,
      parentId: CH.general,
      guildId: G1,
    });
    expect(await h.store.channels.get(CH.archivedThread)).toMatchObject({ type: 11, parentId: CH.general });
    expect(await h.store.channels.get(CH.forumPost)).toMatchObject({ type: 11, parentId: CH.forum });
    expect(await h.store.channels.get(CH.forum)).toMatchObject({ type: 15, name: 'help-forum' });
    expect(await h.store.channels.get(CH.voice)).toBeUndefined();
    expect((await h.store.channels.get(CH.general))?.lastError).toBeNull();
    expect(await h.store.outbox.pending()).toBe(0);
    expect(await h.store.runs.last()).toMatchObject({
      status: 'ok',
      messagesNew: all.length,
      source: 'discord',
    });
  });

  it('fetches only what is new on the next run, and re-running changes nothing', async () => {
    const f = await startFixture({ small: true });
    const h = await makeIndexer(f, { backend });
    await h.indexer.run();
    const cursors = new Map<string, string | null>();
    for (const id of Object.values(CH))
      cursors.set(id, (await h.store.channels.get(id))?.lastMessageId ?? null);
    const before = await storedMessages(h.database);

    const again = await h.indexer.run();
    expect(again).toMatchObject({
      status: 'ok',
      messagesNew: 0,
      messagesEdited: 0,
      messagesDeleted: 0,
      messagesEmbedded: 0,
    });
    expect(await storedMessages(h.database)).toEqual(before);

    const from = f.discord.requests.length;
    const added = [
      f.add(CH.general, Date.now() - 60 * DAY + 1, 'late but old id'),
      f.add(CH.news, Date.now() - 5 * DAY, 'fresh news'),
    ];
    const s = await h.indexer.run();
    expect(s.messagesNew).toBe(1); // the first has an id below the cursor: not new to a forward crawl
    const reqs = messageRequests(f.discord, from);
    for (const r of reqs) expect(r.after).toBe(cursors.get(r.channel) ?? '0');
    expect((await storedMessages(h.database)).some((m) => m.id === added[1])).toBe(true);
    const ids = (await chromaRecords(f.chromaUrl, h.prefix)).map((r) => r.id);
    expect(ids).toContain(added[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('propagates edits and deletions inside the rescan window to the store and Chroma, and deleted channels', async () => {
    const f = await startFixture({ small: true });
    const recent = Array.from({ length: 6 }, (_, i) =>
      f.add(CH.general, Date.now() - 2 * HOUR + i * 1000, `recent ${i}`),
    );
    const old = f.expected.get(CH.news)?.[0]?.id ?? '';
    const h = await makeIndexer(f, { backend });
    expect((await h.indexer.run()).status).toBe('ok');
    const version = await h.store.guilds.version(G1);

    f.discord.editMessage(CH.general, recent[1] ?? '', 'recent 1, edited');
    f.discord.deleteMessage(CH.general, recent[2] ?? '');
    f.discord.deleteMessage(CH.news, old); // older than the window: not noticed by an incremental run
    f.discord.deleteChannel(CH.g2news);
    const s = await h.indexer.run();

    expect(s.status).toBe('ok');
    expect(s.messagesEdited).toBe(1);
    expect(s.messagesDeleted).toBe(1 + 3);
    const byId = new Map((await storedMessages(h.database)).map((m) => [m.id, m]));
    expect(byId.get(recent[1] ?? '')).toMatchObject({ content: 'recent 1, edited', deleted: false });
    expect(byId.get(recent[1] ?? '')?.editedAt).toBeTypeOf('number');
    expect(byId.get(recent[2] ?? '')?.deleted).toBe(true);
    expect(byId.get(old)?.deleted).toBe(false);
    expect((await h.store.channels.get(CH.g2news))?.deleted).toBe(true);
    expect([...byId.values()].filter((m) => m.channelId === CH.g2news).every((m) => m.deleted)).toBe(true);
    expect(await h.store.guilds.version(G1)).toBeGreaterThan(version);

    const records = await chromaRecords(f.chromaUrl, h.prefix);
    const ids = new Set(records.map((r) => r.id));
    expect(records.find((r) => r.id === recent[1])?.document).toBe('recent 1, edited');
    expect(ids.has(recent[2] ?? '')).toBe(false);
    expect(ids.has(old)).toBe(true);
    expect(records.some((r) => (r.metadata as { channel_id: string }).channel_id === CH.g2news)).toBe(false);
    expect(await h.store.outbox.pending()).toBe(0);
  });

  it('waits out a 429 storm and ends with the complete result', async () => {
    const f = await startFixture({ small: true });
    f.discord.rateLimit({ pathIncludes: '/messages', count: 6, retryAfterSeconds: 0.2 });
    const h = await makeIndexer(f, { backend });
    const s = await h.indexer.run();
    expect(s.status).toBe('ok');
    expect(s.messagesNew).toBe([...f.expected.values()].flat().length);
    expect(f.discord.requests.filter((r) => r.path.endsWith('/messages')).length).toBeGreaterThan(8);
    expect((await chromaRecords(f.chromaUrl, h.prefix)).length).toBe(expectedSearchable(f).length);
  });

  it('reports a channel it cannot read (403) and one that keeps failing (5xx), and indexes the rest', async () => {
    const f = await startFixture({ small: true });
    f.discord.failNext({ pathIncludes: `/channels/${CH.news}/messages`, count: 1, status: 403 });
    f.discord.failNext({ pathIncludes: `/channels/${CH.g2news}/messages`, count: 1000, status: 502 });
    f.discord.failNext({ pathIncludes: `/channels/${CH.g2text}/messages`, count: 2, status: 500 }); // passes
    const h = await makeIndexer(f, { backend });
    const s = await h.indexer.run();
    expect(s.status).toBe('partial');
    expect(s.failedChannels.map((c) => c.id).sort()).toEqual([CH.news, CH.g2news].sort());
    expect(s.failedChannels.find((c) => c.id === CH.news)?.error).toMatch(/403/);
    expect((await h.store.channels.get(CH.news))?.lastError).toMatch(/403/);
    expect((await h.store.channels.get(CH.g2news))?.lastError).toMatch(/502/);
    expect((await storedMessages(h.database)).filter((m) => m.channelId === CH.g2text).length).toBe(
      f.expected.get(CH.g2text)?.length,
    );
    expect((await h.store.runs.last())?.status).toBe('partial');

    // Once readable again, the next run picks the channels up and clears the errors.
    const s2 = await h.indexer.run();
    expect(s2.status).toBe('partial'); // g2news still failing
    expect((await h.store.channels.get(CH.news))?.lastError).toBeNull();
    expect((await storedMessages(h.database)).filter((m) => m.channelId === CH.news).length).toBe(
      f.expected.get(CH.news)?.length,
    );
  });

  it('skips and reports a channel whose history the bot may not read, keeping what it stored', async () => {
    const f = await startFixture({ small: true });
    const recent = f.add(CH.news, Date.now() - HOUR, 'fresh announcement inside the rescan window');
    const h = await makeIndexer(f, { backend });
    expect((await h.indexer.run()).status).toBe('ok');
    const before = (await storedMessages(h.database)).filter((m) => m.channelId === CH.news);
    expect(before.map((m) => m.id)).toContain(recent);

    // Discord would now answer this channel's history with an empty list, not an error.
    f.discord.addMember(G1, { userId: f.discord.botUserId, roles: [] });
    f.discord.addChannel({
      id: CH.news,
      guildId: G1,
      type: 5,
      name: 'news',
      overwrites: [{ id: G1, type: 0, allow: '0', deny: String(1n << 16n) }],
    });
    const mark = f.discord.requests.length;
    const s = await h.indexer.run();
    expect(s.status).toBe('partial');
    expect(s.failedChannels.find((c) => c.id === CH.news)?.error).toMatch(/Read Message History/);
    expect(messageRequests(f.discord, mark).some((r) => r.channel === CH.news)).toBe(false);
    const after = (await storedMessages(h.database)).filter((m) => m.channelId === CH.news);
    expect(after.filter((m) => m.deleted)).toEqual([]);
    expect(after.length).toBe(before.length);
    // Other channels are still crawled.
    expect(messageRequests(f.discord, mark).some((r) => r.channel === CH.general)).toBe(true);
  });

  it('crawls only INDEX_CHANNEL_IDS (a channel and its threads) when set', async () => {
    const f = await startFixture({ small: true });
    const h = await makeIndexer(f, { backend, settings: { guildIds: [], channelIds: [CH.general] } });
    const s = await h.indexer.run();
    expect(s.status).toBe('ok');
    const channels = new Set((await storedMessages(h.database)).map((m) => m.channelId));
    expect([...channels].sort()).toEqual([CH.general, CH.activeThread, CH.archivedThread].sort());
  });

  it('stops at a safe point when aborted, and the next run completes the same store', async () => {
    const f = await startFixture({ embedDelayMs: 30 });
    const h = await makeIndexer(f, { backend });
    const ac = new AbortController();
    const p = h.indexer.run({ signal: ac.signal });
    await f.discord.waitFor(() => messageRequests(f.discord).length >= 2, 10_000);
    ac.abort();
    const s = await p;
    expect(s).toMatchObject({ status: 'failed', error: 'stopped' });
    expect(await h.store.runs.last()).toMatchObject({ status: 'failed', error: 'stopped' });
    f.ollama.embedDelayMs = 0;
    expect((await h.indexer.run()).status).toBe('ok');
    expect((await storedMessages(h.database)).length).toBe([...f.expected.values()].flat().length);
    expect((await chromaRecords(f.chromaUrl, h.prefix)).length).toBe(expectedSearchable(f).length);
  });
});

describe.each(backends)('indexer: Ollama or Chroma down (%s)', (backend) => {
  it('stores every message when Ollama is unreachable, says embedding is pending, and a later run embeds them', async () => {
    const f = await startFixture({ small: true });
    f.ollama.mode = 'refuse';
    const h = await makeIndexer(f, { backend });
    const s = await h.indexer.run();
    const all = [...f.expected.values()].flat();
    expect(s).toMatchObject({ status: 'partial', messagesNew: all.length, messagesEmbedded: 0 });
    expect(s.embedPending?.messages).toBe(all.length);
    expect(s.embedPending?.reason).toMatch(/^Ollama at http:\/\/127\.0\.0\.1:\d+ is unreachable/);
    expect(s.error).toMatch(/embedding pending for \d+ messages: Ollama at/);
    expect((await storedMessages(h.database)).length).toBe(all.length);
    expect(await h.store.outbox.pending()).toBe(all.length);
    expect(await h.store.runs.last()).toMatchObject({ status: 'partial', messagesNew: all.length });

    f.ollama.mode = 'ok';
    const again = await h.indexer.run();
    expect(again).toMatchObject({
      status: 'ok',
      messagesNew: 0,
      messagesEmbedded: expectedSearchable(f).length,
    });
    expect(again.embedPending).toBeUndefined();
    expect(await h.store.outbox.pending()).toBe(0);
    expect((await chromaRecords(f.chromaUrl, h.prefix)).length).toBe(expectedSearchable(f).length);
  });

  it('stores every message when Chroma is unreachable', async () => {
    const f = await startFixture({ small: true });
    const h = await makeIndexer(f, { backend });
    const down = await makeIndexer(
      { ...f, chromaUrl: 'http://127.0.0.1:9' },
      { database: h.database, prefix: h.prefix },
    );
    const s = await down.indexer.run();
    const all = [...f.expected.values()].flat();
    expect(s).toMatchObject({ status: 'partial', messagesNew: all.length, messagesEmbedded: 0 });
    expect(s.embedPending).toMatchObject({ messages: all.length });
    expect(s.embedPending?.reason).toMatch(/Chroma at http:\/\/127\.0\.0\.1:9 is unreachable/);
    expect((await storedMessages(h.database)).length).toBe(all.length);

    expect(await h.indexer.run()).toMatchObject({
      status: 'ok',
      messagesEmbedded: expectedSearchable(f).length,
    });
    expect((await chromaRecords(f.chromaUrl, h.prefix)).length).toBe(expectedSearchable(f).length);
  });
});

describe('indexer: a message the embedding model refuses', () => {
  it('is named in the summary, which ends partial; the others are embedded', async () => {
    const discord = await startDiscordStandIn();
    onCleanup(() => discord.close());
    // Like Ollama 0.13.5+ with a small-context embedding model: a longer input is refused whole.
    const ollama = await startOllamaStandIn({ embedContextTokens: 512 });
    onCleanup(() => ollama.close());
    discord.addGuild({ id: G1, ownerId: OWNER, roles: [{ id: G1, permissions: '66560' }] });
    discord.addChannel({ id: CH.general, guildId: G1, type: 0, name: 'general' });
    const t0 = Date.now() - 30 * DAY;
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      // One letter carrying thousands of combining marks: one grapheme, so no cut can shorten it.
      const content = i === 3 ? `Z${'\u0336'.repeat(4079)}` : `short message ${i}`;
      const id = idAt(t0 + i * 60_000);
      discord.addMessage(CH.general, { id, authorId: USERS[0] ?? OWNER, content });
      ids.push(id);
    }
    const f: Fixture = {
      discord,
      ollama,
      chromaUrl: inject('chromaUrl'),
      expected: new Map(),
      add: () => '',
    };
    const h = await makeIndexer(f, { settings: { guildIds: [G1] } });
    const s = await h.indexer.run();
    expect(s).toMatchObject({ status: 'partial', messagesNew: 6, messagesEmbedded: 5 });
    expect(s.skippedMessages).toEqual([
      { id: ids[3], guildId: G1, channelId: CH.general, error: expect.stringContaining(`message ${ids[3]}`) },
    ]);
    expect(s.error).toBe('1 message not embedded');
    expect(formatSummary(s)).toContain(`✗ message ${ids[3]} not embedded`);
    expect(await h.store.runs.last()).toMatchObject({ status: 'partial', error: '1 message not embedded' });
  });
});
