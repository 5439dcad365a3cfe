import { DiscordAPIError, HTTPError, makeURLSearchParams, REST } from '@discordjs/rest';
import {
  type APIChannel,
  type APIGuild,
  type APIGuildMember,
  type APIMessage,
  type APIRole,
  type APIThreadList,
  Routes,
} from 'discord-api-types/v10';
import { Ollama } from 'ollama';
import { afterEach, describe, expect, it } from 'vitest';
import { type DiscordStandIn, snowflakeFromMs, snowflakeToMs, startDiscordStandIn } from './discord';
import { waitFor } from './http';
import { type OllamaStandIn, standInContextTokens, standInEmbedding, startOllamaStandIn } from './ollama';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function discord(): Promise<DiscordStandIn> {
  const s = await startDiscordStandIn();
  cleanups.push(() => s.close());
  return s;
}

async function ollamaStandIn(): Promise<OllamaStandIn> {
  const s = await startOllamaStandIn();
  cleanups.push(() => s.close());
  return s;
}

function restFor(s: DiscordStandIn, token: string | null = s.botToken): REST {
  const rest = new REST({ version: '10', api: s.apiUrl });
  if (token !== null) rest.setToken(token);
  cleanups.push(() => {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  });
  return rest;
}

async function caught(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected the promise to reject');
}

const GUILD = '200000000000000001';
const CHANNEL = '300000000000000001';

function seedGuild(s: DiscordStandIn): void {
  s.addGuild({
    id: GUILD,
    ownerId: '400000000000000001',
    name: 'Test guild',
    roles: [
      { id: GUILD, permissions: '66560' },
      { id: '500000000000000001', permissions: '8', name: 'admin', position: 1 },
    ],
  });
  s.addMember(GUILD, { userId: '400000000000000002', roles: ['500000000000000001'] });
  s.addChannel({ id: CHANNEL, guildId: GUILD, type: 0, name: 'general' });
}

function big(id: string): bigint {
  return BigInt(id);
}

describe('discord stand-in via @discordjs/rest', () => {
  it('pages ~250 messages with after / before / no cursor, always newest first', async () => {
    const s = await discord();
    seedGuild(s);
    // 5 very old messages (shorter ids) + 245 recent ones, inserted in scrambled order
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(snowflakeFromMs(Date.UTC(2015, 0, 2) + i * 1000));
    for (let i = 0; i < 245; i++) ids.push(snowflakeFromMs(Date.UTC(2024, 0, 1) + i * 60_000));
    expect(ids[0]?.length).toBeLessThan(ids[249]?.length ?? 0);
    const scrambled = ids.map((id, i) => ({ id, k: (i * 7919) % 251 })).sort((a, b) => a.k - b.k);
    for (const { id } of scrambled)
      s.addMessage(CHANNEL, { id, authorId: '400000000000000002', content: `m${id}` });
    const rest = restFor(s);
    const page = async (q: Record<string, string | number>) =>
      (await rest.get(Routes.channelMessages(CHANNEL), { query: makeURLSearchParams(q) })) as APIMessage[];
    const isDesc = (p: APIMessage[]) => p.every((m, i) => i === 0 || big(p[i - 1]?.id ?? '0') > big(m.id));

    const def = await page({});
    expect(def).toHaveLength(50);
    expect(isDesc(def)).toBe(true);
    expect(def[0]?.id).toBe(ids[249]);

    // forward with `after`: pages come back newest first; cursor = max id of the page
    const forward: string[] = [];
    const sizes: number[] = [];
    let after = '0';
    for (;;) {
      const p = await page({ limit: 100, after });
      expect(isDesc(p)).toBe(true);
      sizes.push(p.length);
      forward.push(...p.map((m) => m.id).reverse());
      if (p.length < 100) break;
      after = p[0]?.id ?? '';
    }
    expect(sizes).toEqual([100, 100, 50]);
    expect(forward).toEqual(ids);

    // backward with `before`: cursor = min id of the page
    const backward: string[] = [];
    let before: string | undefined;
    for (;;) {
      const p = await page(before ? { limit: 100, before } : { limit: 100 });
      expect(isDesc(p)).toBe(true);
      backward.push(...p.map((m) => m.id));
      if (p.length < 100) break;
      before = p[p.length - 1]?.id;
    }
    expect(backward).toEqual([...ids].reverse());

    const mid = await page({ limit: 3, after: ids[9] ?? '' });
    expect(mid.map((m) => m.id)).toEqual([ids[12], ids[11], ids[10]]);
    const around = await page({ limit: 5, around: ids[100] ?? '' });
    expect(around.map((m) => m.id)).toEqual([ids[102], ids[101], ids[100], ids[99], ids[98]]);

    const tooMany = await caught(page({ limit: 101 }));
    expect(tooMany).toBeInstanceOf(DiscordAPIError);
    expect(tooMany).toMatchObject({ status: 400, code: 50035 });
    expect(await caught(rest.get(Routes.channelMessages('999')))).toMatchObject({ status: 404, code: 10003 });
    expect(await caught(rest.get(Routes.channelMessage(CHANNEL, '1')))).toMatchObject({
      status: 404,
      code: 10008,
    });
  });

  it('serialises messages like Discord (timestamps, replies, edits, deletes)', async () => {
    const s = await discord();
    seedGuild(s);
    const a = snowflakeFromMs(Date.UTC(2024, 5, 1, 12));
    const b = snowflakeFromMs(Date.UTC(2024, 5, 1, 13));
    s.addMessage(CHANNEL, {
      id: a,
      authorId: '400000000000000002',
      authorName: 'Mason',
      content: 'question?',
    });
    s.addMessage(CHANNEL, {
      id: b,
      authorId: '400000000000000003',
      bot: true,
      content: 'answer',
      replyTo: a,
    });
    s.editMessage(CHANNEL, a, 'question (edited)?');
    const rest = restFor(s);
    const reply = (await rest.get(Routes.channelMessage(CHANNEL, b))) as APIMessage;
    expect(reply).toMatchObject({
      id: b,
      channel_id: CHANNEL,
      type: 19,
      author: { id: '400000000000000003', bot: true },
      message_reference: { type: 0, message_id: a, channel_id: CHANNEL },
      referenced_message: { id: a, content: 'question (edited)?' },
      pinned: false,
      flags: 0,
    });
    expect(Date.parse(reply.timestamp)).toBe(snowflakeToMs(b));
    const orig = (await rest.get(Routes.channelMessage(CHANNEL, a))) as APIMessage;
    expect(orig.author).toMatchObject({ username: 'Mason', global_name: 'Mason' });
    expect(orig.edited_timestamp).not.toBeNull();
    s.deleteMessage(CHANNEL, a);
    const after = (await rest.get(Routes.channelMessage(CHANNEL, b))) as APIMessage;
    expect(after.referenced_message).toBeNull();
    s.deleteChannel(CHANNEL);
    expect(await caught(rest.get(Routes.channel(CHANNEL)))).toMatchObject({ code: 10003 });
  });

  it('serves guild, roles, members, channels, threads and commands; enforces bot auth', async () => {
    const s = await discord();
    seedGuild(s);
    s.addChannel({
      id: '300000000000000002',
      guildId: GUILD,
      type: 0,
      name: 'secret',
      overwrites: [{ id: GUILD, type: 0, allow: '0', deny: '1024' }],
    });
    const thread = (n: number) => String(300000000000000100n + BigInt(n));
    s.addChannel({ id: thread(1), guildId: GUILD, type: 11, parentId: CHANNEL });
    s.addChannel({ id: thread(2), guildId: GUILD, type: 12, parentId: CHANNEL });
    for (let i = 3; i < 8; i++) {
      s.addChannel({ id: thread(i), guildId: GUILD, type: 11, parentId: CHANNEL });
      s.setThread(thread(i), {
        archived: true,
        archiveTimestamp: new Date(Date.UTC(2024, 0, i)).toISOString(),
      });
    }
    s.setThread(thread(2), { archived: false, members: ['400000000000000002'] });
    const rest = restFor(s);

    const guild = (await rest.get(Routes.guild(GUILD))) as APIGuild;
    expect(guild).toMatchObject({ id: GUILD, owner_id: '400000000000000001' });
    expect(guild.roles.map((r) => r.id)).toEqual([GUILD, '500000000000000001']);
    const roles = (await rest.get(Routes.guildRoles(GUILD))) as APIRole[];
    expect(roles[1]).toMatchObject({ permissions: '8', position: 1 });
    const member = (await rest.get(Routes.guildMember(GUILD, '400000000000000002'))) as APIGuildMember;
    expect(member).toMatchObject({ user: { id: '400000000000000002' }, roles: ['500000000000000001'] });
    expect(await caught(rest.get(Routes.guildMember(GUILD, '1')))).toMatchObject({
      status: 404,
      code: 10007,
    });

    const channels = (await rest.get(Routes.guildChannels(GUILD))) as APIChannel[];
    expect(channels.map((c) => c.id)).toEqual([CHANNEL, '300000000000000002']);
    expect(channels[1]).toMatchObject({
      guild_id: GUILD,
      parent_id: null,
      nsfw: false,
      type: 0,
      permission_overwrites: [{ id: GUILD, type: 0, allow: '0', deny: '1024' }],
    });

    const active = (await rest.get(Routes.guildActiveThreads(GUILD))) as APIThreadList;
    expect(active.threads.map((t) => t.id)).toEqual([thread(2), thread(1)]);
    expect(active.threads[0]).toMatchObject({
      parent_id: CHANNEL,
      guild_id: GUILD,
      thread_metadata: { archived: false, locked: false },
    });

    const archived = async (q: Record<string, string | number>) =>
      (await rest.get(Routes.channelThreads(CHANNEL, 'public'), { query: makeURLSearchParams(q) })) as {
        threads: { id: string; thread_metadata: { archive_timestamp: string } }[];
        has_more: boolean;
      };
    const p1 = await archived({ limit: 2 });
    expect(p1.threads.map((t) => t.id)).toEqual([thread(7), thread(6)]);
    expect(p1.has_more).toBe(true);
    const p2 = await archived({ limit: 10, before: p1.threads[1]?.thread_metadata.archive_timestamp ?? '' });
    expect(p2.threads.map((t) => t.id)).toEqual([thread(5), thread(4), thread(3)]);
    expect(p2.has_more).toBe(false);

    expect(await rest.get(`/channels/${thread(2)}/thread-members/400000000000000002`)).toMatchObject({
      id: thread(2),
      user_id: '400000000000000002',
    });
    expect(await caught(rest.get(`/channels/${thread(2)}/thread-members/400000000000000009`))).toMatchObject({
      code: 10007,
    });

    const cmd = {
      name: 'ask',
      description: 'Ask the history',
      options: [{ type: 3, name: 'question', description: 'q', required: true }],
    };
    const stored = (await rest.put(Routes.applicationCommands(s.applicationId), { body: [cmd] })) as {
      id: string;
    }[];
    expect(stored[0]).toMatchObject({ ...cmd, application_id: s.applicationId });
    expect(typeof stored[0]?.id).toBe('string');
    await rest.put(Routes.applicationGuildCommands(s.applicationId, GUILD), { body: [cmd] });
    expect(s.commands.global).toHaveLength(1);
    expect(s.commands.guild.get(GUILD)).toHaveLength(1);
    const bad = await caught(
      rest.put(Routes.applicationCommands(s.applicationId), { body: [{ ...cmd, name: 'Ask' }] }),
    );
    expect(bad).toMatchObject({ code: 50035 });

    const wrong = restFor(s, 'wrong-token');
    expect(await caught(wrong.get(Routes.guild(GUILD)))).toMatchObject({ status: 401, code: 0 });
    expect(await caught(rest.get('/nope'))).toMatchObject({ status: 404, code: 0 });
    const raw = await fetch(`${s.apiUrl}/v10/guilds/${GUILD}`, {
      headers: { Authorization: `Bot ${s.botToken}` },
    });
    expect(raw.headers.get('x-ratelimit-remaining')).toBe('999');
    expect(raw.headers.get('x-ratelimit-bucket')).toMatch(/^[0-9a-f]{32}$/);
    expect(s.requests.every((r) => r.path.startsWith('/api/v10/'))).toBe(true);
  });

  it('@discordjs/rest waits out an injected 429 and repeats the request', async () => {
    const s = await discord();
    seedGuild(s);
    s.addMessage(CHANNEL, { id: snowflakeFromMs(Date.UTC(2024, 0, 1)), authorId: '1', content: 'hi' });
    s.rateLimit({ pathIncludes: `/channels/${CHANNEL}/messages`, count: 1, retryAfterSeconds: 0.4 });
    const rest = restFor(s);
    const t0 = Date.now();
    const msgs = (await rest.get(Routes.channelMessages(CHANNEL))) as APIMessage[];
    const elapsed = Date.now() - t0;
    expect(msgs).toHaveLength(1);
    const hits = s.requests.filter((r) => r.path === `/api/v10/channels/${CHANNEL}/messages`);
    expect(hits).toHaveLength(2);
    expect((hits[1]?.at ?? 0) - (hits[0]?.at ?? 0)).toBeGreaterThanOrEqual(390);
    expect(elapsed).toBeGreaterThanOrEqual(390);
    expect(elapsed).toBeLessThan(2000);

    // global 429s are honoured too
    s.rateLimit({ pathIncludes: `/guilds/${GUILD}`, count: 2, retryAfterSeconds: 0.2, global: true });
    const t1 = Date.now();
    await rest.get(Routes.guild(GUILD));
    expect(Date.now() - t1).toBeGreaterThanOrEqual(390);
    expect(s.requests.filter((r) => r.path === `/api/v10/guilds/${GUILD}`)).toHaveLength(3);
  });

  it('@discordjs/rest retries injected 500s up to `retries` (3) times', async () => {
    const s = await discord();
    seedGuild(s);
    const rest = restFor(s);
    s.failNext({ pathIncludes: `/guilds/${GUILD}/roles`, count: 2, status: 500 });
    const roles = (await rest.get(Routes.guildRoles(GUILD))) as APIRole[];
    expect(roles).toHaveLength(2);
    expect(s.requests.filter((r) => r.path.endsWith('/roles'))).toHaveLength(3);

    s.failNext({ pathIncludes: `/guilds/${GUILD}/channels`, count: 10, status: 502 });
    const err = await caught(rest.get(Routes.guildChannels(GUILD)));
    expect(err).toBeInstanceOf(HTTPError);
    expect(err).toMatchObject({ status: 502 });
    expect(s.requests.filter((r) => r.path.endsWith('/channels'))).toHaveLength(4);
  });

  it('records interaction webhook edits and follow-ups, and validates like Discord', async () => {
    const s = await discord();
    const rest = restFor(s, null); // token-less: webhook routes need no auth
    const token = 'aW50ZXJhY3Rpb246MTIz.tok_en-1';
    const none = { parse: [] };
    await rest.patch(Routes.webhookMessage(s.applicationId, token), {
      body: { content: 'Thinking…', allowed_mentions: none },
      auth: false,
    });
    const edited = (await rest.patch(Routes.webhookMessage(s.applicationId, token), {
      body: {
        content: 'Final answer',
        embeds: [{ title: 'Sources', description: '[1]' }],
        allowed_mentions: none,
      },
      auth: false,
    })) as APIMessage;
    expect(edited).toMatchObject({ content: 'Final answer' });
    const rec = s.webhookMessages.get(token);
    expect(rec?.edits).toHaveLength(2);
    expect(rec?.original).toMatchObject({
      content: 'Final answer',
      embeds: [{ title: 'Sources' }],
      allowed_mentions: none,
    });

    const follow = (await rest.post(Routes.webhook(s.applicationId, token), {
      body: { content: 'part 2', allowed_mentions: none },
      auth: false,
    })) as APIMessage;
    expect(follow.id).not.toBe(edited.id);
    await rest.patch(Routes.webhookMessage(s.applicationId, token, follow.id), {
      body: { content: 'part 2 (edited)' },
      auth: false,
    });
    expect(rec?.followups).toEqual([{ content: 'part 2 (edited)', allowed_mentions: none, id: follow.id }]);

    const long = await caught(
      rest.patch(Routes.webhookMessage(s.applicationId, token), {
        body: { content: 'x'.repeat(2001) },
        auth: false,
      }),
    );
    expect(long).toBeInstanceOf(DiscordAPIError);
    expect(long).toMatchObject({ status: 400, code: 50035 });
    await rest.patch(Routes.webhookMessage(s.applicationId, token), {
      body: { content: 'x'.repeat(2000) },
      auth: false,
    });
    const empty = await caught(
      rest.post(Routes.webhook(s.applicationId, token), { body: { content: '' }, auth: false }),
    );
    expect(empty).toMatchObject({ status: 400, code: 50006 });
    const clash = await caught(
      rest.post(Routes.webhook(s.applicationId, token), {
        body: { content: 'hi <@1>', allowed_mentions: { parse: ['users'], users: ['1'] } },
        auth: false,
      }),
    );
    expect(clash).toMatchObject({ status: 400, code: 50035 });
    expect(rec?.edits).toHaveLength(3);
    expect(rec?.followups).toHaveLength(1);
    const webhookReqs = s.requests.filter((r) => r.path.includes('/webhooks/'));
    expect(webhookReqs.every((r) => r.headers.authorization === undefined)).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------

const CHAT = 'llama3.2:3b';
const EMBED = 'nomic-embed-text';
const user = (content: string) => [{ role: 'user', content }];

function timeoutFetch(ms: number): typeof fetch {
  return (input, init) => {
    const t = AbortSignal.timeout(ms);
    return fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, t]) : t });
  };
}

const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * (b[i] ?? 0), 0);

describe('discord stand-in: help channels (issue 19)', () => {
  it('holds forum posts, bot messages with enforced nonces, tags, reactions and the pings of each message', async () => {
    const s = await discord();
    seedGuild(s);
    const FORUM = '300000000000000050';
    s.addChannel({
      id: FORUM,
      guildId: GUILD,
      type: 15,
      name: 'help',
      availableTags: [{ id: '700000000000000001', name: 'Solved' }],
    });
    const post = s.help.createPost(FORUM, {
      authorId: '400000000000000002',
      title: 'Help!',
      content: 'It fails.',
    });
    const rest = restFor(s);
    const thread = (await rest.get(Routes.channel(post))) as APIChannel & {
      owner_id: string;
      applied_tags: string[];
    };
    expect(thread).toMatchObject({
      type: 11,
      parent_id: FORUM,
      owner_id: '400000000000000002',
      applied_tags: [],
    });
    const forum = (await rest.get(Routes.channel(FORUM))) as {
      available_tags: { id: string; name: string }[];
    };
    expect(forum.available_tags.map((t) => t.name)).toEqual(['Solved']);
    const active = (await rest.get(Routes.guildActiveThreads(GUILD))) as APIThreadList;
    expect(active.threads.map((t) => t.id)).toContain(post);
    // The starter message has the thread's id.
    expect(((await rest.get(Routes.channelMessage(post, post))) as APIMessage).content).toBe('It fails.');

    const send = (body: Record<string, unknown>) =>
      rest.post(Routes.channelMessages(post), { body }) as Promise<APIMessage>;
    const first = await send({
      content: 'Hi <@&500000000000000001> <@400000000000000002> @everyone',
      nonce: 'n1',
      enforce_nonce: true,
      message_reference: { message_id: post },
      allowed_mentions: { parse: [], roles: ['500000000000000001'] },
    });
    const again = await send({ content: 'a retry', nonce: 'n1', enforce_nonce: true });
    expect(again.id).toBe(first.id);
    expect(again.content).toBe(first.content);
    expect(s.help.botMessages(post).map((m) => [m.replyTo, m.nonce])).toEqual([[post, 'n1']]);
    // Only the role named in allowed_mentions was pinged.
    expect(s.help.pings).toEqual([
      { messageId: first.id, channelId: post, users: [], roles: ['500000000000000001'], everyone: false },
    ]);
    const quiet = await send({ content: '<@400000000000000002>', allowed_mentions: { parse: [] } });
    await rest.patch(Routes.channelMessage(post, quiet.id), { body: { content: 'edited' } });
    expect(s.help.botMessages(post).at(-1)).toMatchObject({ content: 'edited', edits: 1 });
    expect(s.help.pings).toHaveLength(1);
    // A member's message cannot be edited by the bot; a reply to a missing message is refused unless allowed.
    expect(
      (
        (await caught(
          rest.patch(Routes.channelMessage(post, post), { body: { content: 'x' } }),
        )) as DiscordAPIError
      ).code,
    ).toBe(50005);
    expect(
      ((await caught(send({ content: 'x', message_reference: { message_id: '1' } }))) as DiscordAPIError)
        .status,
    ).toBe(400);
    await send({ content: 'x', message_reference: { message_id: '1', fail_if_not_exists: false } });
    expect(((await caught(send({ content: 'x', nonce: 'n'.repeat(26) }))) as DiscordAPIError).status).toBe(
      400,
    );

    // Tags must be the forum's; Manage Threads can be taken away.
    expect(
      ((await caught(rest.patch(Routes.channel(post), { body: { applied_tags: ['1'] } }))) as DiscordAPIError)
        .status,
    ).toBe(400);
    await rest.patch(Routes.channel(post), {
      body: { applied_tags: ['700000000000000001'], name: '[Solved] Help!' },
    });
    expect(s.help.thread(post)).toEqual({ name: '[Solved] Help!', appliedTags: ['700000000000000001'] });
    s.help.denyBot(FORUM, 'manage-threads');
    expect(
      ((await caught(rest.patch(Routes.channel(post), { body: { applied_tags: [] } }))) as DiscordAPIError)
        .code,
    ).toBe(50013);
    await rest.put(Routes.channelMessageOwnReaction(post, post, encodeURIComponent('✅')));
    expect(s.help.reactions(post, post).get('✅')).toEqual([s.botUserId]);
    s.help.denyBot(post, 'send');
    expect(((await caught(send({ content: 'x' }))) as DiscordAPIError).code).toBe(50013);
    await rest.delete(Routes.channelMessage(post, quiet.id));
    expect(s.help.botMessages(post).some((m) => m.id === quiet.id)).toBe(false);
  });
});

describe('ollama stand-in via the ollama client', () => {
  it('streams chat chunks as NDJSON and records the request', async () => {
    const s = await ollamaStandIn();
    const ollama = new Ollama({ host: s.url });
    const parts: string[] = [];
    let last: { done: boolean; done_reason: string; eval_count: number } | undefined;
    for await (const part of await ollama.chat({
      model: CHAT,
      messages: user('hello'),
      stream: true,
      options: { temperature: 0 },
    })) {
      parts.push(part.message.content);
      last = part;
    }
    expect(parts).toEqual(['Stand-in', ' answer', '.', '']);
    expect(last).toMatchObject({ done: true, done_reason: 'stop', eval_count: 3 });
    expect(s.chatRequests()).toEqual([
      { model: CHAT, messages: user('hello'), options: { temperature: 0 }, stream: true },
    ]);
    expect(s.loaded.has(CHAT)).toBe(true);

    s.chatScript = () => ({ chunks: ['A', 'B', 'C'], firstTokenDelayMs: 150, chunkDelayMs: 20 });
    const whole = await ollama.chat({ model: CHAT, messages: user('x') });
    expect(whole.message.content).toBe('ABC');
    expect(whole.done).toBe(true);

    const t0 = Date.now();
    const it2 = await ollama.chat({ model: CHAT, messages: user('x'), stream: true });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140); // headers only come with the first token
    const got: string[] = [];
    for await (const p of it2) got.push(p.message.content);
    expect(got.join('')).toBe('ABC');
  });

  it('error after chunks makes the iterator throw; client abort is recorded', async () => {
    const s = await ollamaStandIn();
    const ollama = new Ollama({ host: s.url });
    s.chatScript = () => ({
      chunks: ['a', 'b', 'c', 'd'],
      errorAfterChunks: { index: 2, message: 'runner died' },
    });
    const seen: string[] = [];
    const err = await caught(
      (async () => {
        for await (const p of await ollama.chat({ model: CHAT, messages: user('q'), stream: true })) {
          seen.push(p.message.content);
        }
      })(),
    );
    expect(seen).toEqual(['a', 'b']);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe('runner died');

    s.chatScript = () => ({ chunks: Array.from({ length: 50 }, (_, i) => `t${i} `), chunkDelayMs: 30 });
    const stream = await ollama.chat({ model: CHAT, messages: user('q'), stream: true });
    let n = 0;
    const abortErr = await caught(
      (async () => {
        for await (const _ of stream) {
          if (++n === 2) stream.abort();
        }
      })(),
    );
    expect(abortErr).toMatchObject({ name: 'AbortError' });
    const rec = s.requests[s.requests.length - 1];
    await waitFor(() => rec?.aborted === true, 2000);
  });

  it('returns Ollama errors with real status codes', async () => {
    const s = await ollamaStandIn();
    const ollama = new Ollama({ host: s.url });
    expect(await caught(ollama.chat({ model: 'missing:1b', messages: user('q') }))).toMatchObject({
      name: 'ResponseError',
      status_code: 404,
      error: "model 'missing:1b' not found",
    });
    expect(await caught(ollama.embed({ model: 'missing-embed', input: 'q' }))).toMatchObject({
      status_code: 404,
      error: 'model "missing-embed" not found, try pulling it first',
    });
    expect(await caught(ollama.chat({ model: EMBED, messages: user('q') }))).toMatchObject({
      status_code: 400,
      error: '"nomic-embed-text" does not support chat',
    });
    expect(await caught(ollama.embed({ model: CHAT, input: 'q' }))).toMatchObject({
      status_code: 400,
      error: '"llama3.2:3b" does not support embeddings',
    });
    expect(await caught(ollama.embed({ model: EMBED, input: ['ok', ''] }))).toMatchObject({
      status_code: 400,
    });
    expect(await caught(ollama.show({ model: 'nope' }))).toMatchObject({ status_code: 404 });
    s.mode = 'error500';
    expect(await caught(ollama.chat({ model: CHAT, messages: user('q') }))).toMatchObject({
      status_code: 500,
    });
    s.mode = 'busy503';
    expect(await caught(ollama.embed({ model: EMBED, input: 'q' }))).toMatchObject({ status_code: 503 });
    expect((await ollama.version()).version).toBe('0.12.0');
  });

  it('embeds deterministically, normalised, with useful similarity', async () => {
    const s = await ollamaStandIn();
    const ollama = new Ollama({ host: s.url });
    const texts = [
      'search_document: How do I reset my password?',
      'search_document: Password reset: click "forgot password" to reset it',
      'search_document: The pizza place downtown closes at midnight',
    ];
    const r1 = await ollama.embed({ model: EMBED, input: texts });
    const r2 = await ollama.embed({ model: EMBED, input: texts });
    expect(r1.embeddings).toEqual(r2.embeddings);
    expect(r1.embeddings).toHaveLength(3);
    for (const [i, v] of r1.embeddings.entries()) {
      expect(v).toHaveLength(64);
      expect(Math.sqrt(dot(v, v))).toBeCloseTo(1, 9);
      expect(v).toEqual(standInEmbedding(texts[i] ?? '', 64));
    }
    const [a, b, c] = r1.embeddings;
    expect(dot(a ?? [], b ?? [])).toBeGreaterThan(dot(a ?? [], c ?? []) + 0.2);
    const q = await ollama.embed({ model: EMBED, input: 'search_query: how do I reset my password' });
    expect(dot(q.embeddings[0] ?? [], a ?? [])).toBeGreaterThan(0.9);
    expect(r1.prompt_eval_count).toBeGreaterThan(0);

    expect(s.loaded.has('nomic-embed-text:latest')).toBe(true);
    const ps = await ollama.ps();
    expect(ps.models.map((m) => m.name)).toEqual(['nomic-embed-text:latest']);
    const tags = await ollama.list();
    expect(tags.models.map((m) => m.name).sort()).toEqual(['llama3.2:3b', 'nomic-embed-text:latest']);
    const show = await ollama.show({ model: EMBED });
    expect(show.capabilities).toEqual(['embedding']);
    expect(show.model_info).toMatchObject({
      'general.architecture': 'nomic-bert',
      'nomic-bert.embedding_length': 64,
    });
    const root = await fetch(s.url);
    expect(await root.text()).toBe('Ollama is running');
  });

  it('counts context tokens near a real tokenizer: word pieces, punctuation, marks and the task prefix', () => {
    expect(standInContextTokens('hello world')).toBe(2);
    expect(standInContextTokens('configuration')).toBe(3); // 13 letters: 3 pieces of up to 5
    expect(standInContextTokens('search_document: hello world')).toBe(8); // search, _, document (2), :, …
    expect(standInContextTokens('e\u0301\u0301!')).toBe(4); // a letter, two combining marks, '!'
    expect(standInContextTokens('  \n ')).toBe(0);
  });

  it('with a small embedding context, refuses any longer input whatever truncate says, like Ollama 0.13.5+', async () => {
    const s = await startOllamaStandIn({ embedContextTokens: 20 });
    cleanups.push(() => s.close());
    const ollama = new Ollama({ host: s.url });
    const long = 'search_document: the deploy failed because the cache volume filled up again last night';
    expect(standInContextTokens(long)).toBeGreaterThan(20);
    for (const truncate of [true, false, undefined]) {
      expect(
        await caught(ollama.embed({ model: EMBED, input: ['search_document: ok', long], truncate })),
      ).toMatchObject({
        name: 'ResponseError',
        status_code: 400,
        error: 'the input length exceeds the context length',
      });
      expect(s.requests.at(-1)?.status).toBe(400);
    }
    const fits = await ollama.embed({ model: EMBED, input: ['search_document: ok', long.slice(0, 40)] });
    expect(fits.embeddings).toHaveLength(2);
    expect(s.requests.at(-1)?.status).toBe(200);
    const show = await ollama.show({ model: EMBED });
    expect(show.model_info).toMatchObject({ 'nomic-bert.context_length': 20 });
    expect((await ollama.ps()).models[0]).toMatchObject({ context_length: 20 });

    // Changed between requests: unset, an over-long input is truncated again (older Ollama).
    s.embedContextTokens = undefined;
    expect((await ollama.embed({ model: EMBED, input: long })).embeddings).toHaveLength(1);
  });

  it("'hang' is cut off by a fetch wrapper timeout; 'refuse' fails with fetch failed", async () => {
    const s = await ollamaStandIn();
    const ollama = new Ollama({ host: s.url, fetch: timeoutFetch(250) });
    await ollama.version(); // leaves a pooled keep-alive connection behind
    s.mode = 'hang';
    const t0 = Date.now();
    expect(await caught(ollama.embed({ model: EMBED, input: 'q' }))).toMatchObject({ name: 'TimeoutError' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(240);
    const hung = s.requests[s.requests.length - 1];
    expect(hung?.path).toBe('/api/embed');
    await waitFor(() => hung?.aborted === true, 2000);

    s.mode = 'refuse';
    const refused = await caught(ollama.list());
    expect(refused).toBeInstanceOf(TypeError);
    expect(refused).toMatchObject({ message: 'fetch failed', cause: { code: 'ECONNREFUSED' } });
    s.mode = 'ok';
    expect((await ollama.list()).models).toHaveLength(2);
  });
});
