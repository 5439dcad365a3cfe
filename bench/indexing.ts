import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { systemClock } from '../src/async';
import { createRest } from '../src/discord/rest';
import { createIndexer } from '../src/indexer/indexer';
import type { Embedder } from '../src/llm/embedder';
import { silentLogger } from '../src/log';
import { createMetrics } from '../src/metrics';
import { openSqliteStore } from '../src/store/sqlite/open';
import type { NewMessage, Store } from '../src/store/types';
import { chromaClientFor, openVectorIndex, type VectorIndex, vectorRecord } from '../src/vector/store';
import { startDiscordStandIn } from '../test/standins/discord';
import { standInEmbedding } from '../test/standins/ollama';
import { type BenchMessage, type Corpus, DIMENSION, GUILD_ID, OWNER_ID } from './corpus';
import { round } from './stats';

export const EMBED_MODEL = 'nomic-embed-text';
/** Discord's page size: the crawl stores messages 100 at a time, so the SQLite figure does too. */
export const PAGE = 100;
const VIEW_HISTORY_SEND = String((1n << 10n) | (1n << 16n) | (1n << 11n));

/** Returns the precomputed vector of a text at once (computes it for a text it has not seen). */
export function instantEmbedder(vectors: Map<string, Float32Array>): Embedder {
  return {
    model: EMBED_MODEL,
    async embed(texts) {
      return texts.map((t) => {
        const v = vectors.get(t);
        return v === undefined ? standInEmbedding(t, DIMENSION) : Array.from(v);
      });
    },
  };
}

/**
 * A searchable set: a store and the guild's Chroma collection holding the same messages, as the
 * indexer leaves them. `collectionPrefix` is the CHROMA_COLLECTION that finds the collection.
 */
export interface SearchSet {
  store: Store;
  vectors: VectorIndex;
  messages: BenchMessage[];
  collectionPrefix: string;
  /** The SQLite file of `store` (DATABASE_URL of a process that should use it). */
  dbPath: string;
}

/** A corpus message as the crawl hands it to the store. */
export function newMessage(m: BenchMessage): NewMessage {
  return {
    id: m.id,
    guildId: GUILD_ID,
    channelId: m.channelId,
    authorId: m.authorId,
    authorName: m.authorName,
    content: m.content,
    createdAt: m.createdAt,
    replyToId: m.replyToId ?? null,
  };
}

/** Stores the corpus channels (text channels of the bench guild), as discovery does. */
export async function storeChannels(store: Store, corpus: Corpus): Promise<void> {
  await store.channels.upsert(
    corpus.channels.map((c) => ({
      id: c.id,
      guildId: GUILD_ID,
      parentId: null,
      type: 0,
      name: c.name,
      nsfw: false,
    })),
  );
}

/**
 * Stores the corpus channels and `messages` in `store` through `storePage`, `pageSize` a page (the
 * crawl's path, keyword index included); returns the seconds the pages took.
 */
export async function storeMessages(
  store: Store,
  corpus: Corpus,
  messages: BenchMessage[],
  pageSize = PAGE,
): Promise<number> {
  await storeChannels(store, corpus);
  const start = performance.now();
  for (let i = 0; i < messages.length; i += pageSize) {
    await store.messages.storePage({
      rows: messages.slice(i, i + pageSize).map(newMessage),
      source: 'crawl',
    });
  }
  return (performance.now() - start) / 1000;
}

/**
 * Writes `messages` to a new SQLite store (storePage, 100 a page) and to the guild's collection in
 * a new Chroma collection (VectorIndex.upsert, Chroma's max batch size a call), timing each.
 */
export async function writeSearchSet(opts: {
  name: string;
  dir: string;
  chromaUrl: string;
  corpus: Corpus;
  messages: BenchMessage[];
  vectors: Map<string, Float32Array>;
}): Promise<{ set: SearchSet; sqlitePerSec: number; chromaPerSec: number; chromaBatch: number }> {
  const dbPath = path.join(opts.dir, `${opts.name}.sqlite`);
  const store = openSqliteStore(dbPath);
  const sqliteSeconds = await storeMessages(store, opts.corpus, opts.messages);
  const vectors = await openVectorIndex({
    url: opts.chromaUrl,
    collectionPrefix: opts.name,
    model: EMBED_MODEL,
    timeoutMs: 300_000,
  });
  const chromaBatch = await chromaClientFor(opts.chromaUrl)
    .getMaxBatchSize()
    .catch(() => 1000);
  let chromaMs = 0;
  for (let i = 0; i < opts.messages.length; i += chromaBatch) {
    // Only the upsert is timed, not turning the stored float32 vectors back into arrays.
    const records = opts.messages.slice(i, i + chromaBatch).map((m) => {
      const v = opts.vectors.get(m.content);
      return vectorRecord(
        { ...newMessage(m), guildId: GUILD_ID },
        v === undefined ? standInEmbedding(m.content, DIMENSION) : Array.from(v),
      );
    });
    const start = performance.now();
    await vectors.upsert(GUILD_ID, records);
    chromaMs += performance.now() - start;
  }
  return {
    set: { store, vectors, messages: opts.messages, collectionPrefix: opts.name, dbPath },
    sqlitePerSec: opts.messages.length / sqliteSeconds,
    chromaPerSec: (opts.messages.length * 1000) / chromaMs,
    chromaBatch,
  };
}

export interface IndexingResult {
  messages: number;
  channels: number;
  /** createIndexer().run() against the Discord stand-in, instant embedder, real SQLite and Chroma. */
  indexerSeconds: number;
  indexerMessagesPerSec: number;
  indexerStatus: string;
  embedBatchSize: number;
  /** The same vectors upserted straight into a fresh collection, Chroma's max batch per call. */
  rawChromaUpsertPerSec: number;
  rawChromaBatch: number;
  /** storePage into a fresh SQLite store, 100 messages a page (keyword index included). */
  sqliteWritePerSec: number;
  ratioIndexerToRawChroma: number;
  ratioIndexerToSqlite: number;
  /** Requests the crawl made to the Discord stand-in (a message page and an archived-thread list a channel, and discovery). */
  discordRequests: number;
  /**
   * The least time those requests can take under Discord's global limit as the crawl's REST client
   * keeps it: 50 requests a window, each window starting its safety offset (50 ms) after the last
   * one's second ends, so `(⌈requests ÷ 50⌉ − 1) × 1.05` s before the last request can go out.
   */
  rateLimitFloorSeconds: number;
  /** The client's global window: requests in it, and its length with the offset, ms. */
  rateLimitWindow: { requests: number; ms: number };
  /** The most the ratio to raw Chroma could be with every other step free: messages ÷ that floor ÷ the raw rate. */
  rateLimitCeilingRatio: number;
  /** The same messages in fewer channels (see `inFewerChannels`), against the same raw rates. */
  fewerChannels?: IndexingResult | undefined;
}

/**
 * The same messages in the first `count` channels of the corpus (channel i's messages go to
 * channel i mod `count`, so a reply chain stays in one channel): the same 10,000 messages as a
 * server with fewer, longer channels, whose crawl takes a page of 100 per request instead of the
 * corpus's 50-message channels' one page and one archived-thread list each.
 */
export function inFewerChannels(
  corpus: Corpus,
  messages: BenchMessage[],
  count: number,
): { corpus: Corpus; messages: BenchMessage[] } {
  const channels = corpus.channels.slice(0, count);
  const index = new Map(corpus.channels.map((c, i) => [c.id, i]));
  return {
    corpus: { ...corpus, channels },
    messages: messages.map((m) => ({
      ...m,
      channelId: channels[(index.get(m.channelId) ?? 0) % count]?.id ?? m.channelId,
    })),
  };
}

/**
 * The crawl's global rate-limit window as `rest` keeps it: @discordjs/rest lets
 * `globalRequestsPerSecond` requests go in a second, and the next second starts only its `offset`
 * (default 50 ms, a margin against clock and network skew) after that one ends.
 * @see https://discord.com/developers/docs/topics/rate-limits#global-rate-limit
 */
export function globalWindow(rest: ReturnType<typeof createRest>): { requests: number; ms: number } {
  const { globalRequestsPerSecond, offset } = rest.options;
  return { requests: globalRequestsPerSecond, ms: 1000 + (typeof offset === 'number' ? offset : 0) };
}

/** The least time, s, before the last of `requests` can start in `window`s (the first one starts at once). */
export function rateLimitFloorSeconds(requests: number, window: { requests: number; ms: number }): number {
  return (Math.max(1, Math.ceil(requests / window.requests)) - 1) * (window.ms / 1000);
}

/**
 * Indexing end to end: the Discord stand-in serving `messages` → createIndexer().run() with the
 * production settings → a fresh SQLite store → the instant embedder → `chromaUrl` (an empty Chroma).
 */
export async function benchIndexer(opts: {
  corpus: Corpus;
  messages: BenchMessage[];
  vectors: Map<string, Float32Array>;
  chromaUrl: string;
  dir: string;
}): Promise<{
  messages: number;
  seconds: number;
  embedded: number;
  status: string;
  embedBatchSize: number;
  discordRequests: number;
  window: { requests: number; ms: number };
}> {
  const { corpus, messages } = opts;
  const embedBatchSize = 64;
  const discord = await startDiscordStandIn();
  try {
    discord.addGuild({
      id: GUILD_ID,
      ownerId: OWNER_ID,
      roles: [{ id: GUILD_ID, permissions: VIEW_HISTORY_SEND }],
    });
    for (const c of corpus.channels)
      discord.addChannel({ id: c.id, guildId: GUILD_ID, type: 0, name: c.name });
    for (const m of messages) {
      discord.addMessage(m.channelId, {
        id: m.id,
        authorId: m.authorId,
        authorName: m.authorName,
        content: m.content,
        ...(m.replyToId === undefined ? {} : { replyTo: m.replyToId }),
      });
    }
    // A store of its own for each run: one left by an earlier run would have the messages already.
    const store = openSqliteStore(path.join(opts.dir, `indexer-${randomUUID()}.sqlite`));
    const rest = createRest({ apiUrl: discord.apiUrl, botToken: discord.botToken });
    try {
      const indexer = createIndexer({
        store,
        rest,
        embedder: instantEmbedder(opts.vectors),
        vectors: await openVectorIndex({
          url: opts.chromaUrl,
          collectionPrefix: 'bench_indexer',
          model: EMBED_MODEL,
          timeoutMs: 300_000,
        }),
        clock: systemClock,
        log: silentLogger,
        metrics: createMetrics(),
        botUserId: discord.botUserId,
        // The production defaults of src/config.ts.
        settings: {
          guildIds: [GUILD_ID],
          channelIds: [],
          rescanHours: 48,
          embedBatchSize,
          embedModel: EMBED_MODEL,
        },
      });
      const start = performance.now();
      const summary = await indexer.run();
      const seconds = (performance.now() - start) / 1000;
      if (summary.status !== 'ok' || summary.messagesEmbedded !== messages.length) {
        throw new Error(
          `indexer run ended ${summary.status} with ${summary.messagesEmbedded}/${messages.length} embedded: ${summary.error ?? ''}`,
        );
      }
      return {
        messages: messages.length,
        seconds,
        embedded: summary.messagesEmbedded,
        status: summary.status,
        embedBatchSize,
        discordRequests: discord.requests.length,
        window: globalWindow(rest),
      };
    } finally {
      await store.close();
      rest.clearHashSweeper();
      rest.clearHandlerSweeper();
    }
  } finally {
    await discord.close();
  }
}

/** The indexing figures: the indexer's rate against the raw Chroma upsert and SQLite write rates. */
export function indexingResult(
  corpus: Corpus,
  indexer: Awaited<ReturnType<typeof benchIndexer>>,
  raw: { sqlitePerSec: number; chromaPerSec: number; chromaBatch: number },
): IndexingResult {
  const perSec = indexer.embedded / indexer.seconds;
  const floor = rateLimitFloorSeconds(indexer.discordRequests, indexer.window);
  return {
    messages: indexer.messages,
    channels: corpus.channels.length,
    indexerSeconds: round(indexer.seconds),
    indexerMessagesPerSec: round(perSec),
    indexerStatus: indexer.status,
    embedBatchSize: indexer.embedBatchSize,
    rawChromaUpsertPerSec: round(raw.chromaPerSec),
    rawChromaBatch: raw.chromaBatch,
    sqliteWritePerSec: round(raw.sqlitePerSec),
    ratioIndexerToRawChroma: round(perSec / raw.chromaPerSec),
    ratioIndexerToSqlite: round(perSec / raw.sqlitePerSec),
    discordRequests: indexer.discordRequests,
    rateLimitFloorSeconds: round(floor),
    rateLimitWindow: indexer.window,
    rateLimitCeilingRatio: round(indexer.messages / floor / raw.chromaPerSec),
  };
}
