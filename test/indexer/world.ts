/**
 * Shared set-up of the indexer tests: the Discord and Ollama stand-ins, a guild layout with enough
 * history to page, a real store (SQLite, or PostgreSQL when the run has one) and the shared real
 * Chroma server, wired through the real clients exactly as scripts/index.ts wires them.
 */
import { writeFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { REST } from '@discordjs/rest';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, inject } from 'vitest';
import { systemClock } from '../../src/async';
import type { DatabaseSetting } from '../../src/config';
import { createRest } from '../../src/discord/rest';
import { createIndexer, type Indexer, type IndexerDeps, type ProgressEvent } from '../../src/indexer/indexer';
import { createOllamaEmbedder } from '../../src/llm/embedder';
import { createOllamaClient } from '../../src/llm/ollama';
import { type Logger, silentLogger } from '../../src/log';
import { openStore } from '../../src/store/open';
import { messageFromRow } from '../../src/store/queries/messages';
import type { Store, StoredMessage } from '../../src/store/types';
import {
  chromaClientFor,
  guildCollectionName,
  openVectorIndex,
  type VectorIndex,
} from '../../src/vector/store';
import { type Backend, freshDatabase } from '../databases';
import { type DiscordStandIn, snowflakeFromMs, startDiscordStandIn } from '../standins/discord';
import { type OllamaStandIn, startOllamaStandIn } from '../standins/ollama';
import { uniquePrefix } from '../tmp';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export const G1 = '210000000000000001';
export const G2 = '220000000000000001';
export const OWNER = '400000000000000001';
export const OTHER_BOT = '400000000000000009';
export const USERS = ['400000000000000002', '400000000000000003', '400000000000000004'];

/** The channel layout every test starts from (ids chosen so that names read in failures). */
export const CH = {
  general: '310000000000000001', // G1 text, 260 messages → 3 pages
  news: '310000000000000002', // G1 announcement
  forum: '310000000000000003', // G1 forum: posts are threads
  voice: '310000000000000004', // G1 voice: not crawled
  category: '310000000000000005', // G1 category: not crawled
  activeThread: '310000000000000011', // thread in #general
  archivedThread: '310000000000000012', // archived public thread in #general
  forumPost: '310000000000000013', // thread in the forum
  g2text: '320000000000000001', // G2 text, 40 messages
  g2news: '320000000000000002', // G2 announcement
} as const;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});
export function onCleanup(f: () => Promise<void> | void): void {
  cleanups.push(f);
}

let seq = 0;
/** A fresh message id at `ms` (unique within the test process). */
export function idAt(ms: number): string {
  seq = (seq + 1) % 4096;
  return snowflakeFromMs(ms, seq);
}

export interface Fixture {
  discord: DiscordStandIn;
  ollama: OllamaStandIn;
  chromaUrl: string;
  /** Every message added, by channel, as the indexer should store it (the bot's own excluded). */
  expected: Map<string, { id: string; content: string }[]>;
  /** Adds a message to the stand-in and to `expected` (unless it is the bot's). */
  add(channelId: string, ms: number, content: string, opts?: { author?: string; bot?: boolean }): string;
}

/** Stand-ins with two guilds: text, announcement, forum with a post, an active and an archived thread. */
export async function startFixture(opts: { embedDelayMs?: number; small?: boolean } = {}): Promise<Fixture> {
  const discord = await startDiscordStandIn();
  onCleanup(() => discord.close());
  const ollama = await startOllamaStandIn({
    models: ['llama3.2:3b', 'nomic-embed-text:latest', 'mxbai-embed-large:latest'],
    embedDelayMs: opts.embedDelayMs ?? 0,
  });
  onCleanup(() => ollama.close());
  const expected = new Map<string, { id: string; content: string }[]>();
  const add: Fixture['add'] = (channelId, ms, content, o = {}) => {
    const author = o.author ?? USERS[seq % USERS.length] ?? OWNER;
    const id = idAt(ms);
    discord.addMessage(channelId, {
      id,
      authorId: author,
      authorName: `name-${author.slice(-2)}`,
      content,
      bot: o.bot === true,
    });
    if (author !== discord.botUserId) {
      const list = expected.get(channelId) ?? [];
      list.push({ id, content });
      expected.set(channelId, list);
    }
    return id;
  };

  for (const g of [G1, G2])
    discord.addGuild({ id: g, ownerId: OWNER, roles: [{ id: g, permissions: '66560' }] });
  discord.addChannel({ id: CH.category, guildId: G1, type: 4, name: 'cat' });
  discord.addChannel({ id: CH.general, guildId: G1, type: 0, name: 'general', parentId: CH.category });
  discord.addChannel({ id: CH.news, guildId: G1, type: 5, name: 'news' });
  discord.addChannel({ id: CH.forum, guildId: G1, type: 15, name: 'help-forum' });
  discord.addChannel({ id: CH.voice, guildId: G1, type: 2, name: 'voice' });
  discord.addChannel({
    id: CH.activeThread,
    guildId: G1,
    type: 11,
    name: 'active-thread',
    parentId: CH.general,
  });
  discord.addChannel({
    id: CH.archivedThread,
    guildId: G1,
    type: 11,
    name: 'old-thread',
    parentId: CH.general,
  });
  discord.addChannel({ id: CH.forumPost, guildId: G1, type: 11, name: 'forum-post', parentId: CH.forum });
  discord.addChannel({ id: CH.g2text, guildId: G2, type: 0, name: 'g2-text' });
  discord.addChannel({ id: CH.g2news, guildId: G2, type: 5, name: 'g2-news' });

  // History well outside the rescan window, in scrambled order.
  const t0 = Date.now() - 30 * DAY;
  const n = opts.small ? 30 : 260;
  for (let i = 0; i < n; i++) {
    const k = (i * 7919) % n;
    if (k % 50 === 7)
      add(CH.general, t0 + k * 60_000, `my own answer ${k}`, { author: discord.botUserId, bot: true });
    else if (k % 40 === 3)
      add(CH.general, t0 + k * 60_000, `deploy bot says build ${k} passed`, { author: OTHER_BOT, bot: true });
    else if (k % 45 === 11)
      add(CH.general, t0 + k * 60_000, ''); // attachment-only: stored, not embedded
    else add(CH.general, t0 + k * 60_000, `general message ${k} about topic ${k % 13}`);
  }
  for (let i = 0; i < 12; i++) add(CH.news, t0 + i * 3_600_000, `release notes ${i}`);
  for (let i = 0; i < 9; i++) add(CH.activeThread, t0 + DAY + i * 60_000, `active thread reply ${i}`);
  for (let i = 0; i < 7; i++) add(CH.archivedThread, t0 + 2 * DAY + i * 60_000, `archived thread reply ${i}`);
  discord.setThread(CH.archivedThread, {
    archived: true,
    archiveTimestamp: new Date(t0 + 3 * DAY).toISOString(),
  });
  for (let i = 0; i < 5; i++) add(CH.forumPost, t0 + 4 * DAY + i * 60_000, `forum answer ${i}`);
  for (let i = 0; i < (opts.small ? 10 : 40); i++) add(CH.g2text, t0 + i * 120_000, `second guild text ${i}`);
  for (let i = 0; i < 3; i++) add(CH.g2news, t0 + i * 120_000, `second guild news ${i}`);
  return { discord, ollama, chromaUrl: inject('chromaUrl'), expected, add };
}

export interface Harness {
  indexer: Indexer;
  store: Store;
  /** Where the store lives: open it again as another process would. */
  database: DatabaseSetting;
  vectors: VectorIndex;
  rest: REST;
  prefix: string;
  events: ProgressEvent[];
}

/** Opens the store of `database` for the current test (closed after it). */
export async function openTestStore(database: DatabaseSetting): Promise<Store> {
  const store = await openStore(database);
  onCleanup(() => store.close());
  return store;
}

/** The vector index of a collection prefix on the run's Chroma. */
export function openTestVectors(
  f: Pick<Fixture, 'chromaUrl'>,
  prefix: string,
  model = 'nomic-embed-text',
): Promise<VectorIndex> {
  return openVectorIndex({ url: f.chromaUrl, collectionPrefix: prefix, model, timeoutMs: 10_000 });
}

/**
 * An indexer wired to the fixture through the real REST, Ollama and Chroma clients, on a fresh
 * database of `backend` (SQLite by default), or on `database` when given (as a second process).
 */
export async function makeIndexer(
  f: Fixture,
  opts: {
    backend?: Backend;
    database?: DatabaseSetting;
    prefix?: string;
    model?: string;
    settings?: Partial<IndexerDeps['settings']>;
    tuning?: IndexerDeps['tuning'];
    log?: Logger;
    /** Discord's API base when not the stand-in's own (e.g. a delaying proxy in front of it). */
    apiUrl?: string;
  } = {},
): Promise<Harness> {
  const database = opts.database ?? (await freshDatabase(opts.backend ?? 'sqlite'));
  const prefix = opts.prefix ?? uniquePrefix();
  const model = opts.model ?? 'nomic-embed-text';
  const store = await openTestStore(database);
  const rest = createRest({ apiUrl: opts.apiUrl ?? f.discord.apiUrl, botToken: f.discord.botToken });
  onCleanup(() => {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  });
  const vectors = await openTestVectors(f, prefix, model);
  const embedder = createOllamaEmbedder(createOllamaClient(f.ollama.url, 10_000), {
    host: f.ollama.url,
    model,
  });
  const events: ProgressEvent[] = [];
  const indexer = createIndexer({
    store,
    rest,
    embedder,
    vectors,
    clock: systemClock,
    log: opts.log ?? silentLogger,
    botUserId: f.discord.botUserId,
    settings: {
      guildIds: [G1, G2],
      channelIds: [],
      rescanHours: 48,
      embedBatchSize: 16,
      embedModel: model,
      ...opts.settings,
    },
    progress: (e) => events.push(e),
    tuning: { retryBaseMs: 20, ...opts.tuning },
  });
  return { indexer, store, database, vectors, rest, prefix, events };
}

/**
 * Every record of the guilds' Chroma collections (ids, documents, metadata), sorted by id; a guild
 * without a collection has none.
 */
export async function chromaRecords(
  chromaUrl: string,
  prefix: string,
  model = 'nomic-embed-text',
  guilds: readonly string[] = [G1, G2],
): Promise<{ id: string; document: string | null; metadata: unknown }[]> {
  const client = chromaClientFor(chromaUrl);
  const out: { id: string; document: string | null; metadata: unknown }[] = [];
  for (const g of guilds) {
    let c: Awaited<ReturnType<typeof client.getCollection>>;
    try {
      c = await client.getCollection({ name: guildCollectionName(prefix, g, model) });
    } catch {
      continue;
    }
    const res = await c.get({ include: ['documents', 'metadatas'] });
    res.ids.forEach((id, i) => {
      out.push({ id, document: res.documents[i] ?? null, metadata: res.metadatas[i] ?? null });
    });
  }
  return out.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
}

/** Deletes the guilds' collections, as someone wiping Chroma would. */
export async function deleteCollection(
  chromaUrl: string,
  prefix: string,
  model = 'nomic-embed-text',
  guilds: readonly string[] = [G1, G2],
): Promise<void> {
  const client = chromaClientFor(chromaUrl);
  for (const g of guilds) {
    await client.deleteCollection({ name: guildCollectionName(prefix, g, model) }).catch(() => {});
  }
}

/** Rows of a read-only query on the database itself (test inspection only; the product goes through the Store). */
export async function queryRows(database: DatabaseSetting, text: string): Promise<Record<string, unknown>[]> {
  if (database.kind === 'sqlite') {
    const db = new Database(database.path, { readonly: true, fileMustExist: true });
    try {
      return db.prepare(text).all() as Record<string, unknown>[];
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return (await client.query(text)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}

/** A stored message as tests compare it: what the store holds, not whether Chroma has it yet. */
export type ComparableMessage = Omit<StoredMessage, 'vectorSynced'> & { wiped: boolean };

/** Every stored message (tombstones included), sorted by id. */
export async function storedMessages(database: DatabaseSetting): Promise<ComparableMessage[]> {
  const rows = await queryRows(database, 'SELECT * FROM messages');
  return rows
    .map((r) => {
      const { vectorSynced: _, ...rest } = messageFromRow(r);
      return { ...rest, wiped: r.wiped_at !== null && r.wiped_at !== undefined };
    })
    .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
}

/** Channels' cursors and deleted flags, sorted by id. */
export async function storedChannels(
  database: DatabaseSetting,
): Promise<{ id: string; lastMessageId: string | null; deleted: boolean }[]> {
  const rows = await queryRows(database, 'SELECT id, last_message_id, deleted FROM channels ORDER BY id');
  return rows.map((r) => ({
    id: String(r.id),
    lastMessageId: r.last_message_id === null ? null : String(r.last_message_id),
    deleted: r.deleted === true || r.deleted === 1,
  }));
}

/** The statuses of every index run, oldest first. */
export async function runStatuses(database: DatabaseSetting): Promise<string[]> {
  const rows = await queryRows(database, 'SELECT status FROM index_runs ORDER BY id');
  return rows.map((r) => String(r.status));
}

/** Requests the stand-in saw for the messages route of a channel, after index `from`. */
export function messageRequests(d: DiscordStandIn, from = 0): { channel: string; after: string | null }[] {
  return d.requests.slice(from).flatMap((r) => {
    const m = /\/channels\/(\d+)\/messages$/.exec(r.path);
    return m?.[1] ? [{ channel: m[1], after: r.query.get('after') }] : [];
  });
}

/** Non-empty expected messages (what Chroma should hold). */
export function expectedSearchable(f: Fixture): { id: string; content: string }[] {
  return [...f.expected.values()].flat().filter((m) => m.content !== '');
}

/**
 * An HTTP proxy in front of a stand-in that holds every request for `delayMs` first, so that a
 * child process can be killed in the middle of a crawl.
 */
export async function startDelayProxy(
  target: string,
  delayMs: number,
): Promise<{ url: string; delayMs: number }> {
  const state = { url: '', delayMs };
  const server = createServer((req, res) => {
    setTimeout(() => {
      const up = httpRequest(
        `${target}${req.url ?? '/'}`,
        { method: req.method, headers: req.headers },
        (upRes) => {
          res.writeHead(upRes.statusCode ?? 502, upRes.headers);
          upRes.pipe(res);
        },
      );
      up.on('error', () => res.destroy());
      req.pipe(up);
    }, state.delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  onCleanup(
    () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  );
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

/** A message as a DiscordChatExporter export lists it. */
export interface ExportEntry {
  id: string;
  content: string;
  authorId?: string;
  authorName?: string;
  /** Unix ms of the last edit, if any. */
  editedAt?: number;
}

/**
 * Writes a DiscordChatExporter JSON export (the layout of its JsonMessageWriter) of one channel
 * of the fixture, with a system notice the import must skip; returns the file's path.
 */
export function writeExport(
  file: string,
  opts: {
    guildId: string;
    /** The server's name as the export carries it (default "Guild"). */
    guildName?: string;
    channel: { id: string; name: string; categoryId?: string };
    messages: ExportEntry[];
  },
): string {
  const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');
  const msOf = (id: string) => Number((BigInt(id) >> 22n) + 1420070400000n);
  writeFileSync(
    file,
    JSON.stringify(
      {
        guild: { id: opts.guildId, name: opts.guildName ?? 'Guild', iconUrl: 'x' },
        channel: {
          id: opts.channel.id,
          type: 'GuildTextChat',
          categoryId: opts.channel.categoryId ?? null,
          category: opts.channel.categoryId === undefined ? null : 'cat',
          name: opts.channel.name,
          topic: null,
        },
        dateRange: { after: null, before: null },
        exportedAt: new Date().toISOString(),
        messages: [
          ...opts.messages.map((m) => ({
            id: m.id,
            type: 'Default',
            timestamp: iso(msOf(m.id)),
            timestampEdited: m.editedAt === undefined ? null : iso(m.editedAt),
            isPinned: false,
            content: m.content,
            author: {
              id: m.authorId ?? '400000000000000002',
              name: 'someone',
              discriminator: '0000',
              nickname: m.authorName ?? 'Some One',
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
        messageCount: opts.messages.length + 1,
      },
      null,
      2,
    ),
  );
  return file;
}
