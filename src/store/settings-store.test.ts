import { describe, expect, it } from 'vitest';
import { backends, freshStore } from '../../test/databases';
import { msToSnowflake } from '../discord/snowflake';
import type { NewHelpPost, NewMessage } from './types';

const G = '100000000000000001';
const G2 = '100000000000000002';
const TEXT = '200000000000000001';
const FORUM = '200000000000000002';
const FORUM2 = '200000000000000003';
const POST = '200000000000000004';
const MOD = '300000000000000009';
const ANA = '300000000000000001';
const T0 = Date.UTC(2026, 0, 1);

const msg = (id: number, channelId: string, content: string): NewMessage => ({
  id: (BigInt(msToSnowflake(T0)) + BigInt(id)).toString(),
  guildId: G,
  channelId,
  authorId: ANA,
  authorName: 'ana',
  content,
  createdAt: T0 + id,
});

const post = (postId: string, over: Partial<NewHelpPost> = {}): NewHelpPost => ({
  postId,
  guildId: G,
  channelId: postId,
  parentId: FORUM,
  kind: 'forum',
  authorId: ANA,
  title: 'deploy fails',
  createdAt: T0,
  foundAt: T0 + 1000,
  ...over,
});

describe.each(backends)('settings and help store (%s)', (backend) => {
  it('applies each setting, logs who changed what from what to what, and ignores a change to the same value', async () => {
    const store = await freshStore(backend);
    expect(await store.settings.get(G)).toEqual({
      guildId: G,
      helpChannels: [],
      helperRoleId: null,
      excludedChannelIds: [],
      instructions: '',
      whenUnsure: null,
      digestChannelId: null,
    });
    const by = (at: number) => ({ userId: MOD, at });
    const r1 = await store.settings.update(G, { kind: 'helper-role', roleId: '400000000000000001' }, by(T0));
    expect(r1.change).toEqual({
      guildId: G,
      userId: MOD,
      field: 'helper-role',
      oldValue: '',
      newValue: '400000000000000001',
      at: T0,
    });
    expect(
      (await store.settings.update(G, { kind: 'helper-role', roleId: '400000000000000001' }, by(T0 + 1)))
        .change,
    ).toBeUndefined();
    await store.settings.update(G, { kind: 'instructions', text: 'Be kind.\nPoint to #faq.' }, by(T0 + 2));
    await store.settings.update(G, { kind: 'when-unsure', mode: 'say' }, by(T0 + 3));
    await store.settings.update(G, { kind: 'digest', channelId: TEXT }, by(T0 + 4));
    await store.settings.update(
      G,
      { kind: 'help-channel', channelId: FORUM, channelType: 15, enabled: true },
      by(T0 + 5),
    );
    await store.settings.update(
      G,
      { kind: 'help-channel', channelId: TEXT, channelType: 0, enabled: true },
      by(T0 + 6),
    );
    const s = await store.settings.get(G);
    expect(s).toMatchObject({
      helperRoleId: '400000000000000001',
      instructions: 'Be kind.\nPoint to #faq.',
      whenUnsure: 'say',
      digestChannelId: TEXT,
      helpChannels: [
        { channelId: FORUM, type: 15, enabledAt: T0 + 5, enabledBy: MOD },
        { channelId: TEXT, type: 0, enabledAt: T0 + 6, enabledBy: MOD },
      ],
    });
    // Another guild is untouched.
    expect((await store.settings.get(G2)).helpChannels).toEqual([]);
    const log = await store.settings.changes(G, 10);
    expect(log.map((c) => `${c.field}: ${c.oldValue} → ${c.newValue}`)).toEqual([
      `help-channel:${TEXT}: off → on`,
      `help-channel:${FORUM}: off → on`,
      `digest:  → ${TEXT}`,
      'when-unsure:  → say',
      'instructions:  → Be kind.\nPoint to #faq.',
      'helper-role:  → 400000000000000001',
    ]);
    expect(await store.settings.watchedChannels()).toHaveLength(2);
  });

  it('schedules one poll per watched text channel (cursor at the moment it was turned on) and one per guild for its forums', async () => {
    const store = await freshStore(backend);
    const by = { userId: MOD, at: T0 };
    await store.settings.update(
      G,
      { kind: 'help-channel', channelId: FORUM, channelType: 15, enabled: true },
      by,
    );
    await store.settings.update(
      G,
      { kind: 'help-channel', channelId: FORUM2, channelType: 16, enabled: true },
      by,
    );
    await store.settings.update(
      G,
      { kind: 'help-channel', channelId: TEXT, channelType: 0, enabled: true },
      by,
    );
    const polls = await store.help.polls(G);
    expect(polls.map((p) => [p.key, p.cursor])).toEqual([
      [`channel:${TEXT}`, msToSnowflake(T0)],
      [`forums:${G}`, null],
    ]);
    // Two claimers at once: each unit goes to one of them (leases and due times by the database's clock).
    const [a, b] = await Promise.all([
      store.help.claimPolls('a', 2000, 10),
      store.help.claimPolls('b', 2000, 10),
    ]);
    expect([...a, ...b].map((p) => p.key).sort()).toEqual([`channel:${TEXT}`, `forums:${G}`]);
    // Leased: nobody gets them again until they are finished or the lease runs out.
    expect(await store.help.claimPolls('c', 2000, 10)).toEqual([]);
    const key = [...a, ...b].find((p) => p.channelId === TEXT)?.key ?? '';
    const owner = a.some((p) => p.key === key) ? 'a' : 'b';
    expect(
      await store.help.finishPoll(key, owner === 'a' ? 'b' : 'a', {
        polledAt: 1,
        nextPollAt: 1,
        error: null,
      }),
    ).toBe(false);
    expect(
      await store.help.finishPoll(key, owner, {
        cursor: '1999999999999999999',
        polledAt: T0 + 30,
        // Due again at once (only the interval counts: the caller's clock may be off).
        nextPollAt: T0 + 30,
        error: null,
      }),
    ).toBe(true);
    // The cursor never moves back.
    const again = await store.help.claimPolls('c', 60_000, 10);
    expect(again.map((p) => p.key)).toContain(key);
    const before = Date.now();
    await store.help.finishPoll(key, 'c', {
      cursor: '5',
      polledAt: T0 + 1001,
      nextPollAt: T0 + 2000,
      error: 'x',
    });
    const polled = (await store.help.polls(G)).find((p) => p.key === key);
    expect(polled).toMatchObject({ cursor: '1999999999999999999', lastError: 'x' });
    // Stamped by the database's clock (the same machine's here), not the caller's T0.
    expect(polled?.lastPolledAt).toBeGreaterThanOrEqual(before - 1000);
    expect(polled?.nextPollAt).toBeGreaterThanOrEqual((polled?.lastPolledAt ?? 0) + 999);
    // An expired lease is taken over, once it ran out by the database's clock.
    const other = [...a, ...b].find((p) => p.key !== key)?.key;
    let taken: string[] = [];
    for (let i = 0; i < 200 && !taken.includes(other ?? ''); i++) {
      await new Promise((r) => setTimeout(r, 50));
      taken = (await store.help.claimPolls('d', 5000, 10)).map((p) => p.key);
    }
    expect(taken).toContain(other);
    // Turning the forums off one by one removes their poll with the last one; a text channel's at once.
    await store.settings.update(
      G,
      { kind: 'help-channel', channelId: FORUM, channelType: 15, enabled: false },
      by,
    );
    expect((await store.help.polls(G)).map((p) => p.key)).toContain(`forums:${G}`);
    await store.settings.update(
      G,
      { kind: 'help-channel', channelId: FORUM2, channelType: 16, enabled: false },
      by,
    );
    await store.settings.update(
      G,
      { kind: 'help-channel', channelId: TEXT, channelType: 0, enabled: false },
      by,
    );
    expect(await store.help.polls(G)).toEqual([]);
  });

  it('excluding a channel tombstones its messages and its threads’, keeps new pages out, and re-including brings them back on the next crawl', async () => {
    const store = await freshStore(backend);
    await store.channels.upsert([
      { id: TEXT, guildId: G, parentId: null, type: 0, name: 'general', nsfw: false },
      { id: FORUM, guildId: G, parentId: null, type: 15, name: 'help', nsfw: false },
      { id: POST, guildId: G, parentId: FORUM, type: 11, name: 'deploy fails', nsfw: false },
    ]);
    const rows = [msg(1, TEXT, 'general chat'), msg(2, FORUM, 'x'), msg(3, POST, 'the fix is to restart')];
    await store.messages.storePage({
      rows,
      source: 'crawl',
      cursor: { channelId: POST, lastMessageId: rows[2]?.id ?? '' },
    });
    await store.outbox.markSyncedIfUnchanged(await store.outbox.next(10));
    const version = await store.guilds.version(G);
    const ex = await store.settings.update(
      G,
      { kind: 'exclude-channel', channelId: FORUM, excluded: true },
      { userId: MOD, at: T0 + 10 },
    );
    expect(ex.removedMessageIds.sort()).toEqual([rows[1]?.id, rows[2]?.id].sort());
    expect(await store.guilds.version(G)).toBeGreaterThan(version);
    expect(await store.messages.countIndexed(G)).toEqual({ messages: 1, channels: 1 });
    expect(
      await store.messages.keywordSearch({ guildId: G, channelIds: [TEXT, FORUM, POST] }, 'restart', 10),
    ).toEqual([]);
    // The outbox removes their vectors.
    expect((await store.outbox.next(10)).map((m) => m.id).sort()).toEqual(ex.removedMessageIds.sort());
    // A page of the excluded forum's thread is not stored.
    const late = msg(4, POST, 'another late reply');
    expect(await store.messages.storePage({ rows: [late], source: 'crawl' })).toMatchObject({
      inserted: 0,
      excluded: 1,
    });
    expect(await store.settings.excludedChannelIds(G)).toEqual([FORUM]);

    // Included again: the exclusion's tombstones go and the cursors rewind, so a crawl stores them again.
    await store.settings.update(
      G,
      { kind: 'exclude-channel', channelId: FORUM, excluded: false },
      { userId: MOD, at: T0 + 20 },
    );
    expect(await store.settings.excludedChannelIds(G)).toEqual([]);
    expect((await store.channels.get(POST))?.lastMessageId).toBeNull();
    expect(
      await store.messages.storePage({ rows: [rows[2] as NewMessage, late], source: 'crawl' }),
    ).toMatchObject({
      inserted: 2,
    });
    expect(await store.messages.keywordSearch({ guildId: G, channelIds: [POST] }, 'restart', 10)).toEqual([
      rows[2]?.id,
    ]);
    const log = await store.settings.changes(G, 5);
    expect(log.map((c) => `${c.field}: ${c.newValue}`)).toEqual([
      `exclude-channel:${FORUM}: included`,
      `exclude-channel:${FORUM}: excluded`,
    ]);
  });

  it('records posts once, owes a job until the post is handled, hands off once, and finds accepted answers', async () => {
    const store = await freshStore(backend);
    const a = post('500000000000000001');
    const b = post('500000000000000002', { kind: 'text', channelId: TEXT, parentId: TEXT, title: '' });
    expect((await store.help.addPosts([a, b])).sort()).toEqual([a.postId, b.postId]);
    // Found again: still owed (its job may not be queued yet), but the row is not replaced.
    expect(await store.help.addPosts([{ ...a, title: 'changed' }])).toEqual([a.postId]);
    expect((await store.help.get(a.postId))?.title).toBe('deploy fails');
    await store.help.finish(a.postId, {
      status: 'answered',
      outcome: 'answered',
      at: T0 + 5000,
      answerMessageIds: ['7', '8'],
    });
    expect(await store.help.addPosts([a])).toEqual([]);
    expect(await store.help.get(a.postId)).toMatchObject({
      status: 'answered',
      answeredAt: T0 + 5000,
      answerMessageIds: ['7', '8'],
    });

    expect(await store.help.handOff(a.postId, { by: ANA, at: T0 + 6000, jobId: 'j1' })).toBe(true);
    // The same job again (a retry before the ping was confirmed) still owns it; another does not.
    expect(await store.help.handOff(a.postId, { by: ANA, at: T0 + 6001, jobId: 'j1' })).toBe(true);
    expect(await store.help.handOff(a.postId, { by: MOD, at: T0 + 6002, jobId: 'j2' })).toBe(false);
    await store.help.setHandOffMessage(a.postId, '9');
    expect(await store.help.handOff(a.postId, { by: ANA, at: T0 + 6003, jobId: 'j1' })).toBe(false);

    const version = await store.guilds.version(G);
    await store.help.accept(a.postId, { kind: 'bot', messageId: '7', by: ANA, at: T0 + 7000 });
    await store.help.accept(b.postId, {
      kind: 'member',
      messageId: '600000000000000001',
      by: MOD,
      at: T0 + 8000,
    });
    expect(await store.guilds.version(G)).toBeGreaterThan(version);
    const find = async (channelIds: string[], messageIds: string[]) =>
      (await store.help.acceptedFor(G, { channelIds, messageIds })).map((p) => p.postId).sort();
    expect(await find([a.postId], [])).toEqual([a.postId]); // any message of the forum post
    expect(await find([TEXT], [])).toEqual([]); // not every question of a text channel
    expect(await find([], [b.postId])).toEqual([b.postId]); // the question itself
    expect(await find([], ['600000000000000001'])).toEqual([b.postId]); // the accepted message
    expect(await store.help.acceptedFor(G2, { channelIds: [a.postId], messageIds: [b.postId] })).toEqual([]);

    expect(await store.help.stats(G, T0)).toEqual({
      watched: 2,
      answered: 1,
      left: 0,
      handedOff: 1,
      solved: 2,
      solvedByBot: 1,
    });
    expect((await store.help.handOffs(G, 5)).map((p) => p.postId)).toEqual([a.postId]);
    // A post known only through an action is not counted as watched.
    await store.help.ensure(post('500000000000000003', { foundAt: T0 + 9000 }));
    expect((await store.help.stats(undefined, T0)).watched).toBe(2);
    expect(await store.help.forgetAuthor(ANA, G)).toBe(3);
    expect((await store.help.get(a.postId))?.title).toBe('');
    // Forgetting the guild removes its settings and posts.
    await store.settings.update(G, { kind: 'instructions', text: 'x' }, { userId: MOD, at: T0 });
    await store.guilds.forget(G);
    expect(await store.help.get(a.postId)).toBeUndefined();
    expect((await store.settings.get(G)).instructions).toBe('');
    expect(await store.settings.changes(G, 5)).toEqual([]);
  });
});
