/**
 * Retrieval within the asker's scope at the speed of the index (issue 13), through the real
 * pieces: a real store (SQLite, and PostgreSQL when the run has one), the shared real Chroma
 * server, the Ollama stand-in behind the product's pool (deterministic bag-of-words vectors), and
 * the product's own embed stage filling the per-guild collections.
 */
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { finishCollections, prepareCollections, type SyncContext, startDrainer } from '../src/indexer/sync';
import { createOllamaPool } from '../src/llm/hosts';
import { silentLogger } from '../src/log';
import { channelCounts } from '../src/retrieval/channel-counts';
import { DEFAULT_TUNING } from '../src/retrieval/overfetch';
import { type RetrievalDeps, retrieve, scopedVectorSearch } from '../src/retrieval/search';
import type { SearchScope, Store } from '../src/store/types';
import {
  chromaClientFor,
  normaliseModelName,
  openVectorIndex,
  type VectorFilter,
  type VectorIndex,
} from '../src/vector/store';
import { type Backend, backends, freshStore } from './databases';
import { prng } from './random';
import { snowflakeFromMs } from './standins/discord';
import { type OllamaStandIn, startOllamaStandIn } from './standins/ollama';
import { uniquePrefix } from './tmp';

const EMBED_MODEL = 'nomic-embed-text';
const G = '900000000000000001';
const G2 = '900000000000000002';
const T0 = Date.UTC(2025, 5, 1);
const NOW = T0 + 30 * 86_400_000;
/** Channel ids of the tests: readable names, valid ids. */
const ch = (name: string) => `c_${name}`;

/** A vector call as the tests see it: the unfiltered over-fetch or the filtered query. */
interface Call {
  kind: 'nearest' | 'query';
  n: number;
  where?: VectorFilter | undefined;
}

/** Records the calls retrieval makes, passing each to the real index unchanged. */
function recording(inner: VectorIndex, calls: Call[]): VectorIndex {
  return {
    ...inner,
    query(guildId, vector, n, where) {
      calls.push({ kind: 'query', n, where });
      return inner.query(guildId, vector, n, where);
    },
    nearest(guildId, vector, n) {
      calls.push({ kind: 'nearest', n });
      return inner.nearest(guildId, vector, n);
    },
  };
}

interface World {
  store: Store;
  ollama: OllamaStandIn;
  vectors: VectorIndex;
  calls: Call[];
  deps: RetrievalDeps;
  /** Stores messages in a channel (one second apart, created after every earlier one); returns their ids. */
  add(guildId: string, channelId: string, texts: string[], author?: string): Promise<string[]>;
  /** The product's embed stage, start to end: every stored message into its guild's collection. */
  index(): Promise<void>;
  /** The question's vector, as retrieval embeds it. */
  embed(text: string): Promise<number[]>;
}

async function world(backend: Backend): Promise<World> {
  // 1024 buckets: the stand-in's hashed words rarely collide, so unrelated messages stay unrelated.
  const ollama = await startOllamaStandIn({ dimension: 1024 });
  onTestFinished(() => ollama.close());
  const store = await freshStore(backend);
  const pool = createOllamaPool({
    hosts: [ollama.url],
    chatModel: 'llama3.2:3b',
    embedModel: EMBED_MODEL,
    numCtx: 2048,
    timeoutMs: 5000,
    firstTokenTimeoutMs: 5000,
    embedTimeoutMs: 5000,
    resilience: { retries: 0 },
  });
  const vectors = await openVectorIndex({
    url: inject('chromaUrl'),
    collectionPrefix: uniquePrefix(),
    model: EMBED_MODEL,
    timeoutMs: 30_000, // a shared Chroma on a busy CI machine
  });
  // Chroma's HNSW search is approximate: with the stand-in's sparse vectors and 150 identical ones,
  // the filtered query missed some of the nearest allowed messages in about one build in ten
  // (measured here, with Chroma's defaults). The tests check the scope logic, not Chroma's recall:
  // their collections search with ef_search above their size on a denser graph, in effect every
  // record (40 of 40 builds exact). bench/retrieval.ts measures recall with the product's settings.
  for (const guildId of [G, G2]) {
    await chromaClientFor(inject('chromaUrl')).createCollection({
      name: vectors.collectionName(guildId),
      embeddingFunction: null,
      configuration: { hnsw: { space: 'cosine', ef_search: 2000, ef_construction: 400, max_neighbors: 64 } },
      metadata: { embed_model: normaliseModelName(EMBED_MODEL), guild_id: guildId },
    });
  }
  const calls: Call[] = [];
  let seq = 0;
  return {
    store,
    ollama,
    vectors,
    calls,
    deps: {
      store,
      embedder: pool.embedder,
      vectors: recording(vectors, calls),
      clock: { now: () => NOW },
      log: silentLogger,
    },
    async add(guildId, channelId, texts, author = 'u1') {
      await store.channels.upsert([
        { id: channelId, guildId, parentId: null, type: 0, name: channelId, nsfw: false },
      ]);
      const rows = texts.map((content) => {
        const createdAt = T0 + ++seq * 1000;
        return {
          id: snowflakeFromMs(createdAt, seq),
          guildId,
          channelId,
          authorId: author,
          authorName: author,
          content,
          createdAt,
        };
      });
      for (let i = 0; i < rows.length; i += 500) {
        await store.messages.storePage({ rows: rows.slice(i, i + 500), source: 'crawl' });
      }
      return rows.map((r) => r.id);
    },
    async index() {
      const ctx: SyncContext = {
        store,
        embedder: pool.embedder,
        vectors,
        log: silentLogger,
        embedBatchSize: 64,
        embedModel: EMBED_MODEL,
        retryBaseMs: 10,
        now: () => NOW,
      };
      const { dimension } = await prepareCollections(ctx);
      const drainer = startDrainer(ctx, { workers: 2, signal: new AbortController().signal, onBatch() {} });
      drainer.finish();
      await drainer.done;
      expect(await finishCollections(ctx, dimension)).toBe(true);
    },
    async embed(text) {
      const [v] = await pool.embedder.embed([text], 'query');
      if (v === undefined) throw new Error('no vector');
      return v;
    },
  };
}

/** `count` messages of filler words that no question below uses. */
const filler = (rand: () => number, count: number, tag: string) =>
  Array.from(
    { length: count },
    (_, i) =>
      `${tag}${i} ${Array.from({ length: 6 }, () => `zq${Math.floor(rand() * 300)}`).join(' ')} chatter`,
  );

/** The exact filtered query's candidates: Chroma's filter on every readable channel, the same distance cut. */
async function exactCandidates(w: World, scope: SearchScope, vector: number[]): Promise<number[]> {
  const hits = await w.vectors.query(scope.guildId, vector, 40, {
    channels: { in: scope.channelIds },
    authorId: scope.authorId,
    sinceMs: scope.sinceMs,
  });
  return hits.filter((h) => h.distance <= 0.9).map((h) => h.distance);
}

/** The same distances rank by rank (ties may list different messages, equally right). */
const close = (a: number[], b: number[]) => {
  expect(a.map((d) => d.toFixed(5))).toEqual(b.map((d) => d.toFixed(5)));
};

describe.each(backends)(
  'retrieval within scope (%s)',
  (backend) => {
    it('a large forbidden channel beside a small readable one neither leaks nor crowds it out', async () => {
      const w = await world(backend);
      const rand = prng(1);
      await w.add(
        G,
        ch('ops'),
        Array.from({ length: 400 }, (_, i) => `deploy cache volume full on node ${i}`),
      );
      const relevant = await w.add(
        G,
        ch('dev'),
        Array.from({ length: 10 }, (_, i) => `deploy cache volume full after upgrade ${i}`),
      );
      await w.add(G, ch('dev'), filler(rand, 20, 'dev'));
      await w.index();

      const scope = { guildId: G, channelIds: [ch('dev')] };
      const got = await retrieve(w.deps, { question: 'deploy cache volume full', scope });
      expect(got.degraded).toBeUndefined();
      expect(got.sources).toHaveLength(8);
      for (const s of got.sources) {
        expect(s.message.channelId).toBe(ch('dev'));
        expect(relevant).toContain(s.message.id);
      }
      // 30 of 430 messages readable: an over-fetch would have to be huge, so the filtered query at once.
      expect(w.calls).toEqual([{ kind: 'query', n: 40, where: { channels: { in: [ch('dev')] } } }]);
    });

    it('falls back to the filtered query when the nearest are all forbidden, even for a large share', async () => {
      const w = await world(backend);
      const rand = prng(2);
      await w.add(
        G,
        ch('ops'),
        Array.from({ length: 150 }, () => 'deploy cache volume full'),
      );
      const relevant = await w.add(
        G,
        ch('dev'),
        Array.from({ length: 15 }, (_, i) => `deploy cache volume full after upgrade ${i}`),
      );
      await w.add(G, ch('dev'), filler(rand, 435, 'dev'));
      await w.add(G, ch('dev2'), filler(rand, 5, 'dev2'));
      await w.index();

      const scope = { guildId: G, channelIds: [ch('dev'), ch('dev2')] };
      const vector = await w.embed('deploy cache volume full');
      const counts = await channelCounts(w.store, G);
      const { hits, trace } = await scopedVectorSearch(w.deps, counts, scope, vector, {
        n: 40,
        horizon: 0.9,
      });
      // 455 of 605 readable: 40 × 2 / 0.752 = 107 fetched, all of ops; then the filtered query.
      expect(trace).toEqual({ path: 'fallback', fetched: 107 });
      expect(
        hits
          .slice(0, relevant.length)
          .map((h) => h.id)
          .sort(),
      ).toEqual([...relevant].sort());
      const rows = await w.store.messages.byIds(hits.map((h) => h.id));
      for (const m of rows) expect(scope.channelIds).toContain(m.channelId);
      close(
        hits.map((h) => h.distance),
        await exactCandidates(w, scope, vector),
      );

      w.calls.length = 0;
      const got = await retrieve(w.deps, { question: 'deploy cache volume full', scope });
      expect(got.sources).toHaveLength(8);
      for (const s of got.sources) expect(relevant).toContain(s.message.id);
      expect(w.calls).toEqual([
        { kind: 'nearest', n: 107 },
        { kind: 'query', n: 40, where: { channels: { notIn: [ch('ops')] } } },
      ]);
    });

    it('a member who reads 2 % of the guild gets only that share, by the filtered query', async () => {
      const w = await world(backend);
      const rand = prng(3);
      for (let c = 0; c < 50; c++) {
        await w.add(
          G,
          ch(String(c)),
          Array.from(
            { length: 20 },
            (_, i) => `topic${c}a topic${c}b message ${i} zq${Math.floor(rand() * 50)}`,
          ),
        );
      }
      await w.index();
      const scope = { guildId: G, channelIds: [ch('7')] };

      const own = await retrieve(w.deps, { question: 'what about topic7a and topic7b', scope });
      expect(own.sources).toHaveLength(8);
      for (const s of own.sources) expect(s.message.channelId).toBe(ch('7'));
      expect(w.calls).toEqual([{ kind: 'query', n: 40, where: { channels: { in: [ch('7')] } } }]);

      // A question about a channel they cannot read finds nothing of it.
      const other = await retrieve(w.deps, { question: 'what about topic3a and topic3b', scope });
      for (const s of other.sources) expect(s.message.channelId).toBe(ch('7'));

      const vector = await w.embed('topic7a topic7b');
      const { hits } = await scopedVectorSearch(w.deps, await channelCounts(w.store, G), scope, vector, {
        n: 40,
        horizon: 0.9,
      });
      close(
        hits.map((h) => h.distance),
        await exactCandidates(w, scope, vector),
      );
    });

    it('a guild with one channel: one unfiltered query, no filter at all', async () => {
      const w = await world(backend);
      const ids = await w.add(
        G,
        ch('only'),
        Array.from({ length: 30 }, (_, i) => `release ${i} notes about the parser`),
      );
      await w.index();
      const got = await retrieve(w.deps, {
        question: 'release notes parser',
        scope: { guildId: G, channelIds: [ch('only')] },
      });
      expect(got.sources).toHaveLength(8);
      for (const s of got.sources) expect(ids).toContain(s.message.id);
      expect(w.calls).toEqual([{ kind: 'nearest', n: 40 }]);
    });

    it('applies the author and days options exactly, whichever query runs', async () => {
      const w = await world(backend);
      const early = await w.add(G, ch('a'), ['parser crash on start', 'parser crash again'], 'u1');
      const late = await w.add(G, ch('a'), ['parser crash fixed', 'parser crash returns'], 'u1');
      const other = await w.add(G, ch('a'), ['parser crash for me too'], 'u2');
      await w.index();
      const question = 'parser crash';
      const lateFrom = T0 + 3 * 1000;
      const since = await retrieve(w.deps, {
        question,
        scope: { guildId: G, channelIds: [ch('a')], sinceMs: lateFrom },
      });
      expect(since.sources.map((s) => s.message.id).sort()).toEqual([...late, ...other].sort());
      const byAuthor = await retrieve(w.deps, {
        question,
        scope: { guildId: G, channelIds: [ch('a')], authorId: 'u2' },
      });
      expect(byAuthor.sources.map((s) => s.message.id)).toEqual(other);
      expect(w.calls.at(-1)).toEqual({ kind: 'query', n: 40, where: { authorId: 'u2' } });
      expect(early).toHaveLength(2);
    });

    it('gives the exact filtered query’s top hits on a seeded corpus, mostly without a filter', async () => {
      const w = await world(backend);
      const rand = prng(4);
      const channels = Array.from({ length: 20 }, (_, c) => ch(`s${c}`));
      const topics = channels.map((_, c) => Array.from({ length: 8 }, (_, k) => `t${c}w${k}`));
      for (const [c, id] of channels.entries()) {
        const words = topics[c] ?? [];
        // Channels of very different sizes, so that shares by message differ from shares by channel.
        // At most 35 a channel: fewer than 40 candidates within the distance cut, so no tie at the cut.
        const count = 10 + ((c * 37) % 26);
        await w.add(
          G,
          id,
          Array.from({ length: count }, (_, i) => {
            const pick = () => words[Math.floor(rand() * words.length)];
            return `${pick()} ${pick()} ${pick()} m${c}x${i} zq${Math.floor(rand() * 40)} zq${Math.floor(rand() * 40)}`;
          }),
        );
      }
      await w.index();
      const counts = await channelCounts(w.store, G);
      const paths = new Map<string, number>();
      const forcedFilter = { ...DEFAULT_TUNING, maxFetch: 0 };
      for (let q = 0; q < 24; q++) {
        const share = [0.1, 0.3, 0.5, 0.75, 0.9, 1][q % 6] ?? 1;
        const readable = channels.filter(() => rand() < share);
        if (readable.length === 0) readable.push(channels[q % channels.length] ?? '');
        const c = Math.floor(rand() * channels.length);
        const question = `${topics[c]?.[0]} ${topics[c]?.[1]} about q${q}`;
        const scope: SearchScope = {
          guildId: G,
          channelIds: readable,
          ...(q % 4 === 3 ? { sinceMs: T0 + 400 * 1000 } : {}),
        };
        const vector = await w.embed(question);
        const { hits, trace } = await scopedVectorSearch(w.deps, counts, scope, vector, {
          n: 40,
          horizon: 0.9,
        });
        paths.set(trace.path, (paths.get(trace.path) ?? 0) + 1);
        close(
          hits.map((h) => h.distance),
          await exactCandidates(w, scope, vector),
        );
        const fast = await retrieve(w.deps, { question, scope });
        const exact = await retrieve(w.deps, { question, scope }, { overfetch: forcedFilter });
        expect(fast.sources.map((s) => s.message.id)).toEqual(exact.sources.map((s) => s.message.id));
        for (const s of fast.sources) expect(readable).toContain(s.message.channelId);
      }
      // The common path is the over-fetch: most questions never pay for Chroma's filter.
      expect(paths.get('overfetch') ?? 0).toBeGreaterThanOrEqual(12);
    });
  },
  90_000,
);

describe.each(backends)(
  'retrieval when a dependency fails (%s)',
  (backend) => {
    it('answers from keywords alone when Chroma is down, and says so', async () => {
      const w = await world(backend);
      await w.add(G, ch('a'), ['the ERR_4711 code shows on boot', 'nothing to see', 'ERR_4711 again today']);
      const down = await openVectorIndex({
        url: 'http://127.0.0.1:9',
        collectionPrefix: 'down',
        model: EMBED_MODEL,
        timeoutMs: 2000,
      });
      const scope = { guildId: G, channelIds: [ch('a')] };
      const keywordIds = await w.store.messages.keywordSearch(scope, 'what is ERR_4711', 40);
      expect(keywordIds).toHaveLength(2);
      const got = await retrieve({ ...w.deps, vectors: down }, { question: 'what is ERR_4711', scope });
      expect(got.degraded?.reason).toBe('vector_unavailable');
      expect(got.degraded?.error.code).toBe('CHROMA_UNREACHABLE');
      expect(got.sources.map((s) => s.message.id).sort()).toEqual([...keywordIds].sort());
    });

    it('answers from keywords alone when the question cannot be embedded, without asking Chroma', async () => {
      const w = await world(backend);
      await w.add(G, ch('a'), ['the ERR_4711 code shows on boot', 'nothing to see']);
      await w.index();
      w.ollama.mode = 'refuse';
      const got = await retrieve(w.deps, {
        question: 'what is ERR_4711',
        scope: { guildId: G, channelIds: [ch('a')] },
      });
      expect(got.degraded?.reason).toBe('embedding_unavailable');
      expect(got.degraded?.error.code).toBe('OLLAMA_UNREACHABLE');
      expect(got.sources.map((s) => s.message.content)).toEqual(['the ERR_4711 code shows on boot']);
      expect(w.calls).toEqual([]);
    });

    it('searches the longest start of a question longer than the embedding model takes, not keywords alone', async () => {
      const w = await world(backend);
      await w.add(G, ch('a'), ['the ERR_4711 code shows on boot', 'nothing to see']);
      await w.index();
      // Ollama 0.13.5+ with a small-context embedding model refuses the whole input (400).
      w.ollama.embedContextTokens = 64;
      const question = `what is ERR_4711 ${'and why does the boot log say so much about it '.repeat(40)}`;
      const got = await retrieve(w.deps, { question, scope: { guildId: G, channelIds: [ch('a')] } });
      expect(got.degraded).toBeUndefined();
      expect(got.sources.map((s) => s.message.content)).toContain('the ERR_4711 code shows on boot');
      const embeds = w.ollama.requests.filter((r) => r.path === '/api/embed');
      expect(embeds.at(-1)?.status).toBe(200);
      expect(embeds.some((r) => r.status === 400)).toBe(true);
    });

    it('a dropped guild leaves the other guilds’ collections and answers intact', async () => {
      const w = await world(backend);
      await w.add(G, ch('a'), ['alpha release notes', 'alpha release plan']);
      const kept = await w.add(G2, ch('b'), [
        'beta release notes',
        'beta release plan',
        'beta release retro',
      ]);
      await w.index();
      await w.vectors.dropGuild(G);
      await w.store.guilds.forget(G);
      expect(await w.vectors.count(G)).toBe(0);
      expect(await w.vectors.count(G2)).toBe(3);
      const got = await retrieve(w.deps, {
        question: 'release notes',
        scope: { guildId: G2, channelIds: [ch('b')] },
      });
      expect(got.degraded).toBeUndefined();
      expect(got.sources.map((s) => s.message.id).sort()).toEqual([...kept].sort());
      expect(w.calls).toEqual([{ kind: 'nearest', n: 40 }]);
      const gone = await retrieve(w.deps, {
        question: 'release notes',
        scope: { guildId: G, channelIds: [ch('a')] },
      });
      expect(gone.sources).toEqual([]);
    });
  },
  90_000,
);
