import Database from 'better-sqlite3';
import { describe, expect, inject, it } from 'vitest';
import { startDiscordStandIn } from '../standins/discord';
import { startOllamaStandIn } from '../standins/ollama';
import { DAY, type Fixture, G1, idAt, makeIndexer, OWNER, onCleanup, storedMessages, USERS } from './world';

/** Text channels that each hold an active thread and two archived ones (ids in this test's range). */
const PARENTS = Array.from({ length: 6 }, (_, i) => `35000000000000000${i}`);
const threadsOf = (parent: string) => ({
  active: `${parent}1`,
  archived: [`${parent}2`, `${parent}3`],
});

/**
 * A guild of text channels with threads, active and archived, each with a few messages (fewer than
 * a page, so that each channel or thread costs one message request).
 */
async function threadedGuild(): Promise<{ f: Fixture; messages: Map<string, number> }> {
  const discord = await startDiscordStandIn();
  onCleanup(() => discord.close());
  const ollama = await startOllamaStandIn();
  onCleanup(() => ollama.close());
  discord.addGuild({ id: G1, ownerId: OWNER, roles: [{ id: G1, permissions: '66560' }] });
  const t0 = Date.now() - 30 * DAY;
  const messages = new Map<string, number>();
  const fill = (channelId: string, n: number, at: number) => {
    for (let i = 0; i < n; i++)
      discord.addMessage(channelId, {
        id: idAt(at + i * 60_000),
        authorId: USERS[i % USERS.length] ?? OWNER,
        content: `message ${i} of ${channelId}`,
      });
    messages.set(channelId, n);
  };
  for (const [i, parent] of PARENTS.entries()) {
    discord.addChannel({ id: parent, guildId: G1, type: 0, name: `text-${i}` });
    fill(parent, 3 + i, t0);
    const { active, archived } = threadsOf(parent);
    discord.addChannel({ id: active, guildId: G1, type: 11, name: `active-${i}`, parentId: parent });
    fill(active, 2, t0 + DAY);
    for (const [k, id] of archived.entries()) {
      discord.addChannel({ id, guildId: G1, type: 11, name: `archived-${i}-${k}`, parentId: parent });
      fill(id, 2 + k, t0 + 2 * DAY);
      discord.setThread(id, { archived: true, archiveTimestamp: new Date(t0 + (3 + k) * DAY).toISOString() });
    }
  }
  const f: Fixture = { discord, ollama, chromaUrl: inject('chromaUrl'), expected: new Map(), add: () => '' };
  return { f, messages };
}

const isMessages = (path: string) => /\/channels\/\d+\/messages$/.test(path);
const isArchivedList = (path: string) => path.endsWith('/threads/archived/public');
/** GET guild, its channels, the bot's member record, its active threads. */
const GUILD_REQUESTS = 4;

describe('indexer: crawling while threads are listed', () => {
  it("starts the crawl before the last archived-thread list, records each thread's row before its messages, and makes no extra request", async () => {
    const { f, messages } = await threadedGuild();
    const h = await makeIndexer(f, { settings: { guildIds: [G1] } });
    if (h.database.kind !== 'sqlite') throw new Error('this test reads the SQLite file as the run goes');
    // Read synchronously when each channel's crawl starts: its row (and a thread's parent's row)
    // must already be committed, before any of its messages is stored.
    const reader = new Database(h.database.path, { readonly: true });
    onCleanup(() => {
      reader.close();
    });
    const row = reader.prepare('SELECT id, parent_id FROM channels WHERE id = ?');
    const missingRows: string[] = [];
    const push = h.events.push.bind(h.events);
    h.events.push = (...events) => {
      for (const e of events) {
        if (e.kind !== 'channel-start') continue;
        const r = row.get(e.id) as { parent_id: string | null } | undefined;
        if (r === undefined) missingRows.push(e.id);
        else if (r.parent_id !== null && row.get(r.parent_id) === undefined) missingRows.push(r.parent_id);
      }
      return push(...events);
    };

    const s = await h.indexer.run();

    const total = [...messages.values()].reduce((a, b) => a + b, 0);
    expect(s).toMatchObject({ status: 'ok', messagesNew: total, channels: messages.size });
    expect(s.failedChannels).toEqual([]);
    expect(missingRows).toEqual([]);
    // Every thread's messages were indexed, and every stored message's channel has its row.
    const stored = await storedMessages(h.database);
    const perChannel = new Map<string, number>();
    for (const m of stored) perChannel.set(m.channelId, (perChannel.get(m.channelId) ?? 0) + 1);
    expect(perChannel).toEqual(messages);
    for (const id of messages.keys()) expect(await h.store.channels.get(id)).toBeDefined();
    for (const parent of PARENTS)
      for (const id of [threadsOf(parent).active, ...threadsOf(parent).archived])
        expect(await h.store.channels.get(id)).toMatchObject({ parentId: parent, type: 11 });

    // The first message page went out while archived threads were still being listed.
    const paths = f.discord.requests.map((r) => r.path);
    const firstPage = paths.findIndex(isMessages);
    const lastArchivedList = paths.findLastIndex(isArchivedList);
    expect(firstPage).toBeGreaterThanOrEqual(0);
    expect(firstPage).toBeLessThan(lastArchivedList);
    // Exactly the requests of a crawl that waited for the listing: the guild's, one archived list
    // per parent (fewer than 100 archived threads each), one message page per channel and thread.
    expect(paths.filter(isArchivedList)).toHaveLength(PARENTS.length);
    expect(paths.filter(isMessages)).toHaveLength(messages.size);
    expect(paths).toHaveLength(GUILD_REQUESTS + PARENTS.length + messages.size);
    expect(s.pages).toBe(messages.size);
    // The total is said once, when the listing is done.
    expect(h.events.filter((e) => e.kind === 'channels')).toEqual([
      { kind: 'channels', total: messages.size, skipped: 0 },
    ]);

    // The next run skips the unchanged archived threads, and still lists every parent's.
    const mark = f.discord.requests.length;
    const from = h.events.length;
    const again = await h.indexer.run();
    const archivedCount = PARENTS.length * 2;
    expect(again).toMatchObject({ status: 'ok', messagesNew: 0, channels: messages.size - archivedCount });
    expect(h.events.slice(from).filter((e) => e.kind === 'channels')).toEqual([
      { kind: 'channels', total: messages.size - archivedCount, skipped: archivedCount },
    ]);
    expect(f.discord.requests.slice(mark)).toHaveLength(
      GUILD_REQUESTS + PARENTS.length + messages.size - archivedCount,
    );
  });

  it('reports a parent whose archived threads cannot be listed, once, and indexes everything else', async () => {
    const { f, messages } = await threadedGuild();
    const [, listOnly, both] = PARENTS;
    if (listOnly === undefined || both === undefined) throw new Error('fixture: too few parents');
    const noAccess = { status: 403, code: 50001, message: 'Missing Access', count: 1000 };
    f.discord.failNext({ ...noAccess, pathIncludes: `/channels/${listOnly}/threads/archived/public` });
    f.discord.failNext({ ...noAccess, pathIncludes: `/channels/${both}/threads/archived/public` });
    // This one's own messages cannot be read either: one entry, the crawl's, as before.
    f.discord.failNext({ ...noAccess, pathIncludes: `/channels/${both}/messages` });
    const h = await makeIndexer(f, { settings: { guildIds: [G1] } });

    const s = await h.indexer.run();

    expect(s.status).toBe('partial');
    expect(s.failedChannels).toEqual([
      { id: listOnly, error: expect.stringMatching(/^archived threads: 403 Missing Access \(code 50001\)/) },
      { id: both, error: expect.stringMatching(/^403 Missing Access \(code 50001\)/) },
    ]);
    const unlisted = new Set([...threadsOf(listOnly).archived, ...threadsOf(both).archived, both]);
    const stored = await storedMessages(h.database);
    const perChannel = new Map<string, number>();
    for (const m of stored) perChannel.set(m.channelId, (perChannel.get(m.channelId) ?? 0) + 1);
    expect(perChannel).toEqual(new Map([...messages].filter(([id]) => !unlisted.has(id))));
    expect(await h.store.channels.get(threadsOf(listOnly).archived[0] ?? '')).toBeUndefined();
  });

  it('ends the run as before when the listing fails for good mid-crawl (token refused), and the next run completes', async () => {
    const { f, messages } = await threadedGuild();
    const last = PARENTS.at(-1) ?? '';
    f.discord.failNext({ pathIncludes: `/channels/${last}/threads/archived/public`, count: 1, status: 401 });
    const h = await makeIndexer(f, { settings: { guildIds: [G1] } });

    const s = await h.indexer.run();

    expect(s.status).toBe('failed');
    expect(s.error).toMatch(/^Discord rejected DISCORD_BOT_TOKEN \(401 /);
    expect(await h.store.runs.last()).toMatchObject({ status: 'failed', error: s.error });
    // Like a new process (@discordjs/rest forgets a token Discord refused), on the same store.
    const next = await makeIndexer(f, {
      database: h.database,
      prefix: h.prefix,
      settings: { guildIds: [G1] },
    });
    expect(await next.indexer.run()).toMatchObject({ status: 'ok', failedChannels: [] });
    const stored = await storedMessages(h.database);
    expect(stored).toHaveLength([...messages.values()].reduce((a, b) => a + b, 0));
  });
});
