import { systemClock } from '../src/async';
import { retrieve } from '../src/retrieval/search';
import type { VectorStore } from '../src/vector/store';
import { type Corpus, GUILD_ID, pickChannels, prng, questionFor } from './corpus';
import { instantEmbedder, type SearchSet } from './indexing';
import { distribution, round } from './stats';

export interface RetrievalResult {
  messages: number;
  queries: number;
  /** Channels the asker may read, of the guild's channels: the permission filter of every query. */
  readableChannels: string;
  p50Ms: number;
  p95Ms: number;
  /** The Chroma query inside retrieve() (filter applied inside Chroma). */
  chromaP50Ms: number;
  chromaP95Ms: number;
  /** Sources returned per query, on average (8 at most). */
  meanSources: number;
}

/**
 * Latency of retrieve() (query embedding by the instant embedder, Chroma query with the guild and
 * channel filter, SQLite BM25 keyword search, fusion, neighbour context) over one search set.
 */
export async function benchRetrieval(
  set: SearchSet,
  corpus: Corpus,
  opts: { queries: number; readable: number },
): Promise<RetrievalResult> {
  const chromaMs: number[] = [];
  const timedVectors: VectorStore = {
    ...set.vectors,
    url: set.vectors.url,
    collectionName: set.vectors.collectionName,
    async query(vector, filter, n) {
      const start = performance.now();
      try {
        return await set.vectors.query(vector, filter, n);
      } finally {
        chromaMs.push(performance.now() - start);
      }
    },
  };
  const deps = {
    db: set.db,
    embedder: instantEmbedder(new Map()),
    vectors: timedVectors,
    clock: systemClock,
  };
  const rand = prng(7);
  const one = async () => {
    const channelIds = pickChannels(corpus, opts.readable, rand);
    const question = questionFor(set.messages, new Set(channelIds), rand);
    const start = performance.now();
    const sources = await retrieve(deps, { question, guildId: GUILD_ID, channelIds });
    return { ms: performance.now() - start, sources: sources.length };
  };
  for (let i = 0; i < 10; i++) await one();
  chromaMs.length = 0;
  const times: number[] = [];
  let sources = 0;
  for (let i = 0; i < opts.queries; i++) {
    const r = await one();
    times.push(r.ms);
    sources += r.sources;
  }
  const total = distribution(times);
  const chroma = distribution(chromaMs);
  return {
    messages: set.messages.length,
    queries: opts.queries,
    readableChannels: `${opts.readable} of ${corpus.channels.length}`,
    p50Ms: round(total.p50),
    p95Ms: round(total.p95),
    chromaP50Ms: round(chroma.p50),
    chromaP95Ms: round(chroma.p95),
    meanSources: round(sources / opts.queries),
  };
}
