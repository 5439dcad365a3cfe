/**
 * Answers live in conversations (issue 17), end to end through the real pieces: the Discord
 * stand-in serves a server whose fixes arrive as late replies, reply chains, threads with chatter
 * and forum posts with a Solved tag; the real indexer crawls it (forum and media posts, archived
 * ones, tags) into a real store (SQLite, and PostgreSQL when the run has one) and the run's real
 * Chroma server; retrieve() answers questions asked in the question's words (and one in the words
 * of a short answer) through the Ollama stand-in's embeddings. Every scope rule is checked on what
 * the expansion brings.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { systemClock } from '../src/async';
import { forgetMember } from '../src/forget';
import { createOllamaEmbedder } from '../src/llm/embedder';
import { createOllamaClient } from '../src/llm/ollama';
import { type Retrieved, type RetrieveOptions, retrieve } from '../src/retrieval/search';
import type { SearchScope } from '../src/store/types';
import { backends } from './databases';
import { type Harness, makeIndexer, onCleanup } from './indexer/world';
import { type DiscordStandIn, snowflakeFromMs, startDiscordStandIn } from './standins/discord';
import { startOllamaStandIn } from './standins/ollama';

const G = '510000000000000001';
const G2 = '520000000000000001';
const MODS = '530000000000000001';
const VIEW_HISTORY = String((1n << 10n) | (1n << 16n));
const VIEW = String(1n << 10n);
const CH = {
  help: '540000000000000001',
  secret: '540000000000000002',
  forum: '540000000000000003',
  media: '540000000000000004',
  privateThread: '540000000000000005',
  g2: '550000000000000001',
};
const U = {
  ana: '560000000000000001',
  bob: '560000000000000002',
  cara: '560000000000000003',
  dan: '560000000000000004',
  eve: '560000000000000005',
  fay: '560000000000000006',
  gus: '560000000000000007',
};
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The server, as ids by name: every message and thread the tests look for. */
type World = Record<string, string>;

let seq = 0;
/** Adds a message at `ms` to the stand-in; returns its id. */
function post(
  d: DiscordStandIn,
  channelId: string,
  ms: number,
  author: keyof typeof U,
  content: string,
  replyTo?: string,
  id = snowflakeFromMs(ms, ++seq % 4096),
): string {
  d.addMessage(channelId, {
    id,
    authorId: U[author],
    authorName: author,
    content,
    ...(replyTo ? { replyTo } : {}),
  });
  return id;
}

/** A server whose answers come as late replies, chains, threads with chatter and forum posts. */
function buildServer(d: DiscordStandIn, t0: number): World {
  const w: World = {};
  d.addGuild({
    id: G,
    ownerId: U.gus,
    roles: [
      { id: G, permissions: VIEW_HISTORY },
      { id: MODS, permissions: '0' },
    ],
  });
  d.addGuild({ id: G2, ownerId: U.gus, roles: [{ id: G2, permissions: VIEW_HISTORY }] });
  d.addChannel({ id: CH.help, guildId: G, type: 0, name: 'help' });
  d.addChannel({
    id: CH.secret,
    guildId: G,
    type: 0,
    name: 'mods',
    overwrites: [
      { id: G, type: 0, allow: '0', deny: VIEW },
      { id: MODS, type: 0, allow: VIEW_HISTORY, deny: '0' },
    ],
  });
  d.addChannel({ id: CH.forum, guildId: G, type: 15, name: 'support-forum' });
  d.setAvailableTags(CH.forum, [
    { id: '701', name: 'Solved' },
    { id: '702', name: 'Network' },
    { id: '703', name: 'Printer', moderated: true },
  ]);
  d.addChannel({ id: CH.media, guildId: G, type: 16, name: 'showcase' });
  d.setAvailableTags(CH.media, [{ id: '711', name: 'Photo' }]);
  d.addChannel({ id: CH.g2, guildId: G2, type: 0, name: 'elsewhere' });
  // The bot reads everything of G (it is the guild's owner's bot here: no overwrite denies it).
  d.addMember(G, { userId: d.botUserId, roles: [MODS] });

  // 1. A late reply, with distractors that share the question's words posted in the same hour.
  w.q1 = post(d, CH.help, t0, 'ana', 'the label printer prints blank pages since Tuesday');
  w.d1 = post(d, CH.help, t0 + 8 * 60_000, 'bob', 'new label printer labels arrive Tuesday, blank ones too');
  w.d2 = post(d, CH.help, t0 + 20 * 60_000, 'cara', 'the printer in room 4 prints pages fine');
  w.a1 = post(d, CH.help, t0 + 2 * HOUR, 'dan', 'swap the ribbon cartridge, the old one is spent', w.q1);

  // 2. A reply chain whose end is the fix.
  const t2 = t0 + DAY;
  w.q2 = post(d, CH.help, t2, 'cara', 'the 3d printer jams on thick cardstock');
  w.b2 = post(d, CH.help, t2 + 5 * 60_000, 'dan', 'which holder?', w.q2);
  w.r2 = post(d, CH.help, t2 + 9 * 60_000, 'cara', 'the grey one', w.b2);
  w.f2 = post(d, CH.help, t2 + 12 * 60_000, 'dan', 'set the tension to 0.5 turns', w.r2);

  // 3. A thread started from a message, with chatter, the fix deep inside and the asker's thanks.
  const t3 = t0 + 2 * DAY;
  w.s3 = post(d, CH.help, t3, 'eve', 'staging deploy hangs at the migration step');
  d.addChannel({ id: w.s3, guildId: G, type: 11, name: 'staging deploy hangs', parentId: CH.help });
  // The thread's first message is Discord's THREAD_STARTER_MESSAGE notice pointing at the starter.
  w.notice3 = post(d, w.s3, t3 + 1000, 'eve', '');
  d.setMessageFields(w.notice3, {
    type: 21,
    message_reference: { type: 0, message_id: w.s3, channel_id: CH.help, guild_id: G },
  });
  const chatter = ['same here lol', 'brb coffee', 'anyone seen the game', 'ok', 'nope'];
  for (const [i, c] of chatter.entries()) post(d, w.s3, t3 + (i + 1) * 60_000, i % 2 ? 'bob' : 'fay', c);
  w.a3 = post(d, w.s3, t3 + 7 * 60_000, 'dan', 'restart the runner, it lost its registration token');
  post(d, w.s3, t3 + 8 * 60_000, 'fay', 'lol');
  w.t3 = post(d, w.s3, t3 + 9 * 60_000, 'eve', 'thanks, that fixed it');

  // 4. An archived forum post marked Solved: its starter has the post's id.
  const t4 = t0 + 3 * DAY;
  w.p4 = snowflakeFromMs(t4, ++seq);
  d.addChannel({ id: w.p4, guildId: G, type: 11, name: 'VPN keeps dropping', parentId: CH.forum });
  d.setAppliedTags(w.p4, ['702', '701']);
  post(d, w.p4, t4, 'fay', 'the vpn drops every hour on the office wifi', undefined, w.p4);
  post(d, w.p4, t4 + 60_000, 'bob', 'same for me');
  w.a4 = post(d, w.p4, t4 + 3 * 60_000, 'dan', 'renew the dhcp lease on the router, it expires hourly');
  post(d, w.p4, t4 + 4 * 60_000, 'fay', 'thank you, that did it', w.a4);
  d.setThread(w.p4, { archived: true, archiveTimestamp: new Date(t4 + DAY).toISOString() });

  // 5. A short answer, asked about in its own words.
  const t5 = t0 + 4 * DAY;
  w.q5 = post(d, CH.help, t5, 'bob', 'which one goes from the dock to the monitor?');
  w.a5 = post(d, CH.help, t5 + 30 * 60_000, 'cara', 'yes, that cable, the blue one', w.q5);

  // 6. A media channel's post.
  const t6 = t0 + 5 * DAY;
  w.p6 = snowflakeFromMs(t6, ++seq);
  d.addChannel({ id: w.p6, guildId: G, type: 11, name: 'office timelapse', parentId: CH.media });
  d.setAppliedTags(w.p6, ['711']);
  post(d, w.p6, t6, 'gus', 'timelapse of the new office build', undefined, w.p6);
  w.a6 = post(d, w.p6, t6 + 60_000, 'ana', 'which camera did you use for the timelapse?', w.p6);

  // 7. Permission boundaries: a reply in a channel members cannot read, one in a private thread.
  const t7 = t0 + 6 * DAY;
  w.q7 = post(d, CH.help, t7, 'bob', 'where is the spare key for the server room?');
  w.secret7 = post(d, CH.secret, t7 + HOUR, 'gus', 'in the red box under the desk', w.q7);
  w.s8 = post(d, CH.help, t7 + 2 * HOUR, 'bob', 'who has the alarm code for the back door?');
  d.addChannel({ id: w.s8, guildId: G, type: 12, name: 'alarm', parentId: CH.help });
  d.setThread(w.s8, { archived: false, members: [U.gus] });
  w.private8 = post(d, w.s8, t7 + 3 * HOUR, 'gus', 'it is 4711, do not share it');

  // 8. A reply that will be deleted, and one by a member who will be forgotten.
  const t9 = t0 + 7 * DAY;
  w.q9 = post(d, CH.help, t9, 'ana', 'the projector shows no signal over hdmi');
  w.deleted9 = post(d, CH.help, t9 + HOUR, 'bob', 'use the usb-c adapter in the drawer', w.q9);
  w.forgotten9 = post(d, CH.help, t9 + 2 * HOUR, 'fay', 'switch the input to hdmi 2 with the remote', w.q9);

  // Another guild's message with the same words never comes.
  w.g2 = post(d, CH.g2, t0, 'ana', 'the label printer prints blank pages, swap the ribbon');
  return w;
}

interface Setup {
  h: Harness;
  /** The stand-ins and Chroma, for a second indexer on the same store. */
  f: Parameters<typeof makeIndexer>[0];
  d: DiscordStandIn;
  w: World;
  ask(question: string, scope?: Partial<SearchScope>, opts?: RetrieveOptions): Promise<Retrieved>;
  /** What members without the mods role may read: no #mods, no private thread they are not in. */
  memberChannels: string[];
  allChannels: string[];
}

async function setup(backend: 'sqlite' | 'postgres'): Promise<Setup> {
  const d = await startDiscordStandIn();
  onCleanup(() => d.close());
  const ollama = await startOllamaStandIn({ dimension: 1024 });
  onCleanup(() => ollama.close());
  const t0 = Date.now() - 20 * DAY;
  const w = buildServer(d, t0);
  // makeIndexer's fixture: only the stand-ins and Chroma are used.
  const f = { discord: d, ollama, chromaUrl: inject('chromaUrl'), expected: new Map(), add: () => '' };
  const h = await makeIndexer(f, { backend, settings: { guildIds: [G, G2] } });
  const summary = await h.indexer.run();
  expect(summary.status).toBe('ok');
  const embedder = createOllamaEmbedder(createOllamaClient(ollama.url, 10_000), {
    host: ollama.url,
    model: 'nomic-embed-text',
  });
  const channels = (await h.store.channels.ofGuild(G)).map((c) => c.id);
  const memberChannels = channels.filter((c) => c !== CH.secret && c !== w.s8);
  return {
    h,
    f,
    d,
    w,
    memberChannels,
    allChannels: channels,
    ask: (question, scope = {}, opts = {}) =>
      retrieve(
        { store: h.store, embedder, vectors: h.vectors, clock: systemClock },
        { question, scope: { guildId: G, channelIds: memberChannels, ...scope } },
        opts,
      ),
  };
}

const idsOf = (r: Retrieved) => r.sources.flatMap((s) => s.messages.map((m) => m.id));
const sourceOf = (r: Retrieved, id: string) => r.sources.find((s) => s.messages.some((m) => m.id === id));

describe.each(backends)('answers live in conversations (%s)', (backend) => {
  it('the crawl stores reply edges, threads with their starters, forum and media posts with tags', async () => {
    const { h, w } = await setup(backend);
    const [a1] = await h.store.messages.byIds([w.a1 as string]);
    expect(a1?.replyToId).toBe(w.q1);
    const [notice] = await h.store.messages.byIds([w.notice3 as string]);
    expect(notice).toMatchObject({ type: 21, replyToId: w.s3, content: '' });
    const threads = await h.store.conversations.threads([w.s3, w.p4, w.p6, CH.forum].map(String));
    expect(threads.map((t) => [t.id, t.parentType, t.title, t.tags]).sort()).toEqual(
      [
        [w.s3, 0, 'staging deploy hangs', []],
        [w.p4, 15, 'VPN keeps dropping', ['Network', 'Solved']],
        [w.p6, 16, 'office timelapse', ['Photo']],
      ].sort(),
    );
    // The archived post was crawled; its starter has the post's id and opens it.
    const opening = await h.store.conversations.opening(w.p4 as string, 10);
    expect(opening[0]?.id).toBe(w.p4);
    expect(opening).toHaveLength(4);
    expect((await h.store.channels.get(CH.forum))?.availableTags.map((t) => t.name)).toEqual([
      'Solved',
      'Network',
      'Printer',
    ]);
    // The chain is walked from its end to its top and back down, in one call each way.
    const chain = await h.store.conversations.replyTrees(
      { guildId: G, channelIds: [CH.help] },
      [w.f2 as string],
      { depth: 50, limit: 100 },
    );
    expect(chain.map((m) => m.id).sort()).toEqual([w.q2, w.b2, w.r2, w.f2].map(String).sort());
  });

  it('brings the late reply, the chain end, the thanked fix deep in a thread, the solved post, and cites each fix', async () => {
    const { ask, w } = await setup(backend);

    const late = await ask('why does the label printer print blank pages?');
    const s1 = sourceOf(late, w.q1 as string);
    expect(s1?.message.id).toBe(w.a1);
    expect(s1?.messages.map((m) => m.id)).toEqual([w.q1, w.a1]);
    // Same-hour distractors are never part of the question's conversation, nor cited as its answer.
    for (const s of late.sources) {
      if (s !== s1) expect(s.messages.map((m) => m.id)).not.toContain(w.a1);
    }
    expect(
      late.sources
        .filter((s) => s.message.id === w.d1 || s.message.id === w.d2)
        .every((s) => s.messages.length === 1 || s.key.startsWith('message:')),
    ).toBe(true);
    expect(late.sources[0]?.key).toBe(`chain:${w.q1}`);

    const chain = await ask('the 3d printer jams on thick cardstock');
    const s2 = sourceOf(chain, w.q2 as string);
    expect(s2?.message.id).toBe(w.f2);
    expect(s2?.messages.map((m) => m.id)).toEqual([w.q2, w.b2, w.r2, w.f2]);

    const thread = await ask('staging deploy hangs at the migration step');
    const s3 = sourceOf(thread, w.s3 as string);
    expect(s3?.key).toBe(`thread:${w.s3}`);
    expect(s3?.message.id).toBe(w.a3);
    expect(s3?.signals.askerThanked).toBe(true);
    expect(s3?.messages[0]?.id).toBe(w.s3);
    expect(s3?.messages.map((m) => m.id)).toContain(w.t3);

    const forum = await ask('the vpn drops every hour on the office wifi');
    const s4 = sourceOf(forum, w.p4 as string);
    expect(s4?.thread).toMatchObject({ id: w.p4, title: 'VPN keeps dropping', tags: ['Network', 'Solved'] });
    expect(s4?.signals.solvedTag).toBe(true);
    expect(s4?.message.id).toBe(w.a4);
    expect(forum.sources[0]).toBe(s4);

    // In the words of a short answer: it brings the question it answered.
    const short = await ask('the blue cable');
    const s5 = sourceOf(short, w.a5 as string);
    expect(s5?.messages.map((m) => m.id)).toEqual([w.q5, w.a5]);

    // Another guild's message, with the very words, never comes.
    expect(idsOf(late)).not.toContain(w.g2);
  });

  it('today’s message-level retrieval, for comparison, misses the late reply', async () => {
    const { ask, w } = await setup(backend);
    const old = await ask('why does the label printer print blank pages?', {}, { conversations: false });
    // The question is found, alone or with a time neighbour (a same-hour distractor), never with its reply.
    expect(idsOf(old)).toContain(w.q1);
    expect(sourceOf(old, w.q1 as string)?.messages.map((m) => m.id)).not.toContain(w.a1);
  });

  it('no expansion crosses a permission boundary: another channel, a private thread', async () => {
    const { ask, w, allChannels } = await setup(backend);
    const member = await ask('where is the spare key for the server room?');
    expect(sourceOf(member, w.q7 as string)?.messages.map((m) => m.id)).toEqual([w.q7]);
    expect(idsOf(member)).not.toContain(w.secret7);
    const moderator = await ask('where is the spare key for the server room?', { channelIds: allChannels });
    const s7 = sourceOf(moderator, w.q7 as string);
    expect(s7?.messages.map((m) => m.id)).toEqual([w.q7, w.secret7]);
    expect(s7?.message.id).toBe(w.secret7);

    const memberAlarm = await ask('who has the alarm code for the back door?');
    expect(idsOf(memberAlarm)).toContain(w.s8);
    expect(idsOf(memberAlarm)).not.toContain(w.private8);
    const modAlarm = await ask('who has the alarm code for the back door?', { channelIds: allChannels });
    expect(sourceOf(modAlarm, w.s8 as string)?.messages.map((m) => m.id)).toEqual([w.s8, w.private8]);
  });

  it('keeps to the author, days and channel options along every link', async () => {
    const { ask, w, h } = await setup(backend);
    const byAna = await ask('why does the label printer print blank pages?', { authorId: U.ana });
    expect(idsOf(byAna)).toContain(w.q1);
    expect(idsOf(byAna)).not.toContain(w.a1);
    const [a5] = await h.store.messages.byIds([w.a5 as string]);
    const recent = await ask('the blue cable', { sinceMs: (a5?.createdAt ?? 0) - 1 });
    expect(idsOf(recent)).toContain(w.a5);
    expect(idsOf(recent)).not.toContain(w.q5);
    // `channel: #help` searches #help and its threads; without the thread, its messages stay out.
    const helpOnly = await ask('staging deploy hangs at the migration step', { channelIds: [CH.help] });
    expect(idsOf(helpOnly)).toContain(w.s3);
    expect(idsOf(helpOnly)).not.toContain(w.a3);
  });

  it('stays true through edits, deletions (--full), /forget-me and retention', async () => {
    const { ask, w, h, d, f } = await setup(backend);
    d.editMessage(CH.help, w.a1 as string, 'swap the ribbon cartridge and clean the print head');
    d.deleteMessage(CH.help, w.deleted9 as string);
    expect((await h.indexer.run({ full: true })).status).toBe('ok');
    const late = await ask('why does the label printer print blank pages?');
    expect(sourceOf(late, w.q1 as string)?.message.content).toBe(
      'swap the ribbon cartridge and clean the print head',
    );
    const before = await ask('the projector shows no signal over hdmi');
    expect(idsOf(before)).not.toContain(w.deleted9);
    expect(sourceOf(before, w.q9 as string)?.messages.map((m) => m.id)).toEqual([w.q9, w.forgotten9]);

    const result = await forgetMember(
      { store: h.store, vectors: h.vectors },
      { userId: U.fay, guildId: G, at: Date.now() },
    );
    expect(result.removed).toBeGreaterThan(0);
    const after = await ask('the projector shows no signal over hdmi');
    expect(idsOf(after)).not.toContain(w.forgotten9);
    expect(idsOf(after)).not.toContain(w.deleted9);
    // fay's forum post is gone too, and with it the post's question: its answers stay, on their own.
    const vpn = await ask('renew the dhcp lease on the router');
    expect(idsOf(vpn)).not.toContain(w.p4);
    expect(idsOf(vpn)).toContain(w.a4);

    // Retention: what is older than 17.5 days leaves; newer conversations stay whole.
    const retained = await makeIndexer(f, {
      database: h.database,
      prefix: h.prefix,
      settings: { guildIds: [G, G2], retentionDays: 17.5 },
    });
    expect((await retained.indexer.run()).status).toBe('ok');
    const expired = await ask('why does the label printer print blank pages?');
    expect(idsOf(expired)).not.toContain(w.q1);
    expect(idsOf(expired)).not.toContain(w.a1);
    expect(idsOf(await ask('staging deploy hangs at the migration step'))).not.toContain(w.a3);
    expect(idsOf(await ask('renew the dhcp lease on the router'))).toContain(w.a4);
  });

  it('an accepted answer recorded by the help channels (issue 19) is what the conversation cites', async () => {
    const { ask, w, h } = await setup(backend);
    const [q2] = await h.store.messages.byIds([w.q2 as string]);
    await h.store.help.ensure({
      postId: w.q2 as string,
      guildId: G,
      channelId: CH.help,
      parentId: CH.help,
      kind: 'text',
      authorId: U.cara,
      title: '',
      createdAt: q2?.createdAt ?? 0,
      foundAt: Date.now(),
    });
    // Accepted: the answer to "which holder?", not the chain's end the signals would pick.
    await h.store.help.accept(w.q2 as string, {
      kind: 'member',
      messageId: w.r2 as string,
      by: U.cara,
      at: Date.now(),
    });
    const got = await ask('the 3d printer jams on thick cardstock');
    const s2 = sourceOf(got, w.q2 as string);
    expect(s2?.message.id).toBe(w.r2);
    expect(s2?.signals.accepted).toBe(true);
    expect(got.sources[0]).toBe(s2);
  });

  it('an import of a DiscordChatExporter export of a forum post builds the same conversation', async () => {
    const { h, ask } = await setup(backend);
    const t = Date.now() - 30 * DAY;
    const postId = snowflakeFromMs(t, 4000);
    const answerId = snowflakeFromMs(t + HOUR, 4001);
    const thanksId = snowflakeFromMs(t + 2 * HOUR, 4002);
    const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');
    const author = (id: string, name: string) => ({
      id,
      name,
      discriminator: '0000',
      nickname: name,
      isBot: false,
    });
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'askbot-import-')), 'post.json');
    writeFileSync(
      file,
      JSON.stringify({
        guild: { id: G, name: 'Guild' },
        channel: {
          id: postId,
          type: 'GuildPublicThread',
          categoryId: CH.forum,
          category: 'support-forum',
          name: 'Scanner is offline',
        },
        dateRange: { after: null, before: null },
        messages: [
          {
            id: postId,
            type: 'Default',
            timestamp: iso(t),
            content: 'the scanner shows offline after the update',
            author: author(U.bob, 'bob'),
          },
          {
            id: answerId,
            type: 'Reply',
            timestamp: iso(t + HOUR),
            content: 'reinstall the twain driver from the vendor site',
            author: author(U.dan, 'dan'),
            reference: { messageId: postId, channelId: postId, guildId: G },
          },
          {
            id: thanksId,
            type: 'Reply',
            timestamp: iso(t + 2 * HOUR),
            content: 'thanks, works now',
            author: author(U.bob, 'bob'),
            reference: { messageId: answerId, channelId: postId, guildId: G },
          },
        ],
      }),
    );
    expect((await h.indexer.importFile(file)).status).toBe('ok');
    const [answer] = await h.store.messages.byIds([answerId]);
    expect(answer?.replyToId).toBe(postId);
    const got = await ask('the scanner shows offline after the update', { channelIds: [CH.help, postId] });
    const s = sourceOf(got, postId);
    expect(s?.key).toBe(`thread:${postId}`);
    expect(s?.thread?.title).toBe('Scanner is offline');
    expect(s?.messages.map((m) => m.id)).toEqual([postId, answerId, thanksId]);
    expect(s?.message.id).toBe(answerId);
  });
});
