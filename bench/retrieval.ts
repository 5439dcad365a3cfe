/**
 * Retrieval at the speed of the index (issue 13): retrieve() beside the raw unfiltered Chroma query
 * (the floor) and the raw filtered query that /ask sent before (guild + channel `$in`: today's way),
 * at 10,000, 100,000 and 300,000 messages, for a member who reads 25 %, 75 % and 100 % of the
 * channels. One corpus and one Chroma server for every size: the collection grows between sizes.
 * Run alone with `npx tsx bench/retrieval.ts` (BENCH_QUICK=1: sizes ÷10); `npm run bench` runs it
 * with the rest.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { systemClock } from '../src/async';
import type { Embedder } from '../src/llm/embedder';
import { silentLogger } from '../src/log';
import { channelCounts } from '../src/retrieval/channel-counts';
import { retrieve, scopedVectorSearch } from '../src/retrieval/search';
import { openStore } from '../src/store/open';
import type { Store } from '../src/store/types';
import { startLocalChroma } from '../src/vector/local-server';
import {
  chromaClientFor,
  openVectorIndex,
  type VectorIndex,
  type VectorMetadata,
  vectorRecord,
} from '../src/vector/store';
import { standInEmbedding } from '../test/standins/ollama';
import {
  type BenchMessage,
  type Corpus,
  DIMENSION,
  GUILD_ID,
  generateCorpus,
  pickChannels,
  prng,
  questionFor,
} from './corpus';
import { storeChannels } from './indexing';
import type { Row } from './report';
import { distribution, ratio, round } from './stats';

const EMBED_MODEL = 'nomic-embed-text';
/** Candidates per retriever, as retrieve() takes them by default; the raw queries ask for as many. */
const CANDIDATES = 40;
const MAX_DISTANCE = 0.9;
/** Chroma's largest batch on the local server (5461), rounded down. */
const LOAD_BATCH = 5000;
const STORE_PAGE = 1000;

export interface RetrievalCell {
  messages: number;
  /** Share of the guild's channels the asker may read, in percent. */
  readablePercent: number;
  readableChannels: string;
  queries: number;
  /**
   * retrieve(): embedding (instant), vector and keyword search, fusion, rows, and the hits'
   * conversations (reply chains, threads; neighbours where no link is).
   */
  p50Ms: number;
  p95Ms: number;
  /** Today's message-level retrieve() (`conversations: false`: each hit with its neighbours), same questions, alternating. */
  todayP50Ms: number;
  todayP95Ms: number;
  ratioToTodayP50: number;
  /** Messages shown per question (every source's messages), conversations and today's way. */
  meanMessages: number;
  todayMeanMessages: number;
  /** The vector side alone: channel counts, the scoped Chroma search, the row checks. */
  vectorP50Ms: number;
  vectorP95Ms: number;
  /** The floor: one unfiltered query for the nearest 40 with their metadata. */
  floorP50Ms: number;
  floorP95Ms: number;
  /** Today's way: the nearest 40 with guild + channel `$in` inside Chroma (fewer questions: it is slow). */
  filteredQueries: number;
  filteredP50Ms: number;
  filteredP95Ms: number;
  /** Of the questions: the over-fetch sufficed / it fell back to the filtered query / filtered at once. */
  overfetch: number;
  fallback: number;
  filteredAtOnce: number;
  /** Of the questions also run the filtered way: how many got its top hits, rank by rank (by distance: ties). */
  sameHits: string;
  /** Share of the exact nearest 40 in scope (brute force, within the distance cut) that each way found. */
  recall: number;
  filteredRecall: number;
  meanSources: number;
  ratioToFloorP50: number;
  ratioToFilteredP50: number;
}

export interface RetrievalResult {
  channels: number;
  /** Seconds spent filling Chroma (all sizes) and the store. */
  chromaLoadSeconds: number;
  storeLoadSeconds: number;
  cells: RetrievalCell[];
}

/** Precomputed query vectors: the "instant embedder" (the Ollama stand-in's own function). */
function instantEmbedder(vectors: Map<string, number[]>): Embedder {
  return {
    model: EMBED_MODEL,
    async embed(texts) {
      return texts.map((t) => vectors.get(t) ?? standInEmbedding(t, DIMENSION));
    },
  };
}

/** Distances of the exact nearest `n` in `channels` within `horizon` (brute force over the unit vectors). */
function exactNearest(
  all: Float32Array,
  messages: BenchMessage[],
  channels: Set<string>,
  vector: number[],
  n: number,
  horizon: number,
): number[] {
  const found: number[] = [];
  for (const [i, m] of messages.entries()) {
    if (!channels.has(m.channelId)) continue;
    let dot = 0;
    const base = i * DIMENSION;
    for (let k = 0; k < DIMENSION; k++) dot += (all[base + k] ?? 0) * (vector[k] ?? 0);
    const d = 1 - dot;
    if (d <= horizon) found.push(d);
  }
  return found.sort((a, b) => a - b).slice(0, n);
}

/**
 * Share of the exact nearest `n` that `got` (distances, ascending) found, counted by distance: a
 * hit no farther than the exact n-th counts (the stand-in's bag-of-words vectors tie often, and any
 * of several tied messages is as right).
 */
function recall(got: number[], exact: number[]): number {
  const radius = exact.at(-1);
  if (radius === undefined) return 1;
  return Math.min(exact.length, got.filter((d) => d <= radius + 1e-5).length) / exact.length;
}

/** Two hit lists with the same distances, rank by rank (tied messages may come in either order). */
const sameDistances = (a: number[], b: number[]) =>
  a.length === b.length && a.every((d, k) => Math.abs(d - (b[k] ?? 2)) <= 1e-5);

/** Counts the Chroma calls of retrieve() by kind: the unfiltered over-fetch, the filtered query. */
function countedIndex(inner: VectorIndex, seen: { nearest: number; filtered: number }): VectorIndex {
  return {
    ...inner,
    query(guildId, vector, n, where) {
      if (where === undefined) seen.nearest++;
      else seen.filtered++;
      return inner.query(guildId, vector, n, where);
    },
    nearest(guildId, vector, n) {
      seen.nearest++;
      return inner.nearest(guildId, vector, n);
    },
  };
}

/** Adds `messages` to the store (pages as the crawl writes them) and to the guild's collection. */
async function load(
  store: Store,
  index: VectorIndex,
  messages: BenchMessage[],
  offset: number,
  all: Float32Array,
  timing: { chromaMs: number; storeMs: number },
): Promise<void> {
  for (let i = 0; i < messages.length; i += LOAD_BATCH) {
    const part = messages.slice(i, i + LOAD_BATCH);
    const records = part.map((m, k) => {
      const vector = standInEmbedding(m.content, DIMENSION);
      all.set(vector, (offset + i + k) * DIMENSION);
      return vectorRecord({ ...m, guildId: GUILD_ID }, vector);
    });
    // The store is written while Chroma indexes the batch (another process): the load overlaps.
    // The product's upsert makes the collection; then plain adds, about 10 % faster for Chroma
    // (no look-up of existing ids) and leaving the same collection behind.
    const chromaStart = performance.now();
    const write =
      offset + i === 0
        ? index.upsert(GUILD_ID, records)
        : chromaClientFor(index.url)
            .getCollection({ name: index.collectionName(GUILD_ID) })
            .then((c) =>
              c.add({
                ids: records.map((r) => r.id),
                embeddings: records.map((r) => r.vector),
                documents: records.map((r) => r.document),
                metadatas: records.map((r) => ({ ...r.metadata })),
              }),
            );
    const upsert = write.then(() => {
      timing.chromaMs += performance.now() - chromaStart;
    });
    upsert.catch(() => {});
    const storeStart = performance.now();
    for (let j = 0; j < part.length; j += STORE_PAGE) {
      await store.messages.storePage({
        rows: part.slice(j, j + STORE_PAGE).map((m) => ({ ...m, guildId: GUILD_ID })),
        source: 'crawl',
      });
    }
    timing.storeMs += performance.now() - storeStart;
    await upsert;
  }
}

/** The figures of one size and readable share. */
async function measureCell(
  ctx: {
    store: Store;
    index: VectorIndex;
    url: string;
    corpus: Corpus;
    messages: BenchMessage[];
    all: Float32Array;
  },
  opts: { readablePercent: number; queries: number; filteredQueries: number; seed: number },
): Promise<RetrievalCell> {
  const { store, index, corpus, messages } = ctx;
  const readable = Math.round((corpus.channels.length * opts.readablePercent) / 100);
  const rand = prng(opts.seed);
  const warmup = 5;
  const questions = Array.from({ length: opts.queries + warmup }, () => {
    const channelIds = pickChannels(corpus, readable, rand);
    const text = questionFor(messages, new Set(channelIds), rand);
    return { channelIds, text, vector: standInEmbedding(text, DIMENSION) };
  });
  const seen = { nearest: 0, filtered: 0 };
  const deps = {
    store,
    embedder: instantEmbedder(new Map(questions.map((q) => [q.text, q.vector]))),
    vectors: countedIndex(index, seen),
    clock: systemClock,
    log: silentLogger,
  };
  const raw = await chromaClientFor(ctx.url).getCollection({ name: index.collectionName(GUILD_ID) });
  const times: number[] = [];
  const todayTimes: number[] = [];
  let shown = 0;
  let todayShown = 0;
  const vectorTimes: number[] = [];
  const floor: number[] = [];
  const filtered: number[] = [];
  let overfetch = 0;
  let fallback = 0;
  let filteredAtOnce = 0;
  let checked = 0;
  let same = 0;
  let sources = 0;
  let oursRecall = 0;
  let theirsRecall = 0;
  for (const [i, q] of questions.entries()) {
    const record = i >= warmup;
    const scope = { guildId: GUILD_ID, channelIds: q.channelIds };
    Object.assign(seen, { nearest: 0, filtered: 0 });
    // Both ways on the same question, in turns (which goes first alternates): the same caches.
    const timed = async (conversations: boolean) => {
      const t = performance.now();
      const r = await retrieve(deps, { question: q.text, scope }, { conversations });
      return { r, ms: performance.now() - t };
    };
    const pair =
      i % 2 === 0
        ? { now: await timed(true), before: await timed(false) }
        : { before: await timed(false), now: await timed(true) };
    const got = pair.now.r;
    const ms = pair.now.ms;
    if (got.degraded !== undefined) throw got.degraded.error;
    // Both ways ask Chroma the same: the path is judged from the calls of the two.
    const paths = { ...seen };
    let start = performance.now();
    await index.query(GUILD_ID, q.vector, CANDIDATES);
    const floorMs = performance.now() - start;
    // The vector side on its own (counts, scoped search, row checks), without the keyword search
    // that shares the event loop with it inside retrieve().
    start = performance.now();
    const ours = await scopedVectorSearch(deps, await channelCounts(store, GUILD_ID), scope, q.vector, {
      n: CANDIDATES,
      horizon: MAX_DISTANCE,
    });
    const vectorMs = performance.now() - start;
    if (!record) continue;
    times.push(ms);
    todayTimes.push(pair.before.ms);
    shown += got.sources.reduce((k, x) => k + x.messages.length, 0);
    todayShown += pair.before.r.sources.reduce((k, x) => k + x.messages.length, 0);
    vectorTimes.push(vectorMs);
    floor.push(floorMs);
    sources += got.sources.length;
    if (paths.filtered === 0) overfetch++;
    else if (paths.nearest > 0) fallback++;
    else filteredAtOnce++;
    if (i - warmup >= opts.filteredQueries) continue;
    start = performance.now();
    const today = await raw.query<VectorMetadata & Record<string, string | number>>({
      queryEmbeddings: [q.vector],
      nResults: CANDIDATES,
      where: { $and: [{ guild_id: { $eq: GUILD_ID } }, { channel_id: { $in: q.channelIds } }] },
      include: ['distances', 'metadatas'],
    });
    filtered.push(performance.now() - start);
    // The same question's vector candidates, as retrieve() finds them, against today's.
    const theirs = (today.distances[0] ?? []).map((d) => d ?? 1).filter((d) => d <= MAX_DISTANCE);
    const exact = exactNearest(ctx.all, messages, new Set(q.channelIds), q.vector, CANDIDATES, MAX_DISTANCE);
    const oursD = ours.hits.map((h) => h.distance);
    checked++;
    if (sameDistances(oursD, theirs)) same++;
    oursRecall += recall(oursD, exact);
    theirsRecall += recall(theirs, exact);
  }
  const total = distribution(times);
  const today = distribution(todayTimes);
  const vec = distribution(vectorTimes);
  const fl = distribution(floor);
  const fi = distribution(filtered);
  const n = opts.queries;
  const pct = (k: number) => round((100 * k) / n);
  return {
    messages: messages.length,
    readablePercent: opts.readablePercent,
    readableChannels: `${readable} of ${corpus.channels.length}`,
    queries: n,
    p50Ms: round(total.p50),
    todayP50Ms: round(today.p50),
    todayP95Ms: round(today.p95),
    ratioToTodayP50: ratio(total.p50, today.p50),
    meanMessages: round(shown / opts.queries),
    todayMeanMessages: round(todayShown / opts.queries),
    p95Ms: round(total.p95),
    vectorP50Ms: round(vec.p50),
    vectorP95Ms: round(vec.p95),
    floorP50Ms: round(fl.p50),
    floorP95Ms: round(fl.p95),
    filteredQueries: filtered.length,
    filteredP50Ms: round(fi.p50),
    filteredP95Ms: round(fi.p95),
    overfetch: pct(overfetch),
    fallback: pct(fallback),
    filteredAtOnce: pct(filteredAtOnce),
    sameHits: `${same} of ${checked}`,
    recall: round(oursRecall / checked),
    filteredRecall: round(theirsRecall / checked),
    meanSources: round(sources / n),
    ratioToFloorP50: ratio(total.p50, fl.p50),
    ratioToFilteredP50: ratio(total.p50, fi.p50),
  };
}

/**
 * Fills one store and one Chroma collection size after size (the corpus grows: the first 10,000
 * messages, then the next 90,000, …) and measures every readable share at each size. Vectors are
 * 768-d, as nomic-embed-text's, from the Ollama stand-in's hashed bag of words.
 */
export async function benchRetrieval(opts: {
  dir: string;
  chromaUrl: string;
  corpus: Corpus;
  sizes: number[];
  readablePercents: number[];
  queries: number;
  /** Questions also sent the filtered way, per size (it takes seconds at 300,000). */
  filteredQueries: (size: number) => number;
  log: (line: string) => void;
}): Promise<RetrievalResult> {
  const { corpus } = opts;
  const store = await openStore({
    kind: 'sqlite',
    path: path.join(opts.dir, 'retrieval.sqlite'),
    queuePath: path.join(opts.dir, 'retrieval.queue.sqlite'),
  });
  try {
    await storeChannels(store, corpus);
    const index = await openVectorIndex({
      url: opts.chromaUrl,
      collectionPrefix: 'bench_retrieval',
      model: EMBED_MODEL,
      timeoutMs: 600_000,
    });
    const timing = { chromaMs: 0, storeMs: 0 };
    // Every vector, for the exact (brute force) nearest neighbours that both ways are checked against.
    const all = new Float32Array(Math.max(...opts.sizes) * DIMENSION);
    const cells: RetrievalCell[] = [];
    let loaded = 0;
    for (const size of opts.sizes) {
      opts.log(`  loading messages ${loaded + 1}–${size} into the store and Chroma …`);
      await load(store, index, corpus.messages.slice(loaded, size), loaded, all, timing);
      loaded = size;
      for (const readablePercent of opts.readablePercents) {
        opts.log(`  ${size} messages, reads ${readablePercent} % of the channels …`);
        cells.push(
          await measureCell(
            { store, index, url: opts.chromaUrl, corpus, messages: corpus.messages.slice(0, size), all },
            {
              readablePercent,
              queries: opts.queries,
              filteredQueries: opts.filteredQueries(size),
              seed: size + readablePercent,
            },
          ),
        );
      }
    }
    return {
      channels: corpus.channels.length,
      chromaLoadSeconds: round(timing.chromaMs / 1000),
      storeLoadSeconds: round(timing.storeMs / 1000),
      cells,
    };
  } finally {
    await store.close();
  }
}

const num = (x: number) => (Number.isFinite(x) ? x.toLocaleString('en-US') : 'n/a');

/** The report's rows: per size and share, retrieve() against the floor, its vector part against today's filter. */
export function retrievalRows(r: RetrievalResult): Row[] {
  return r.cells.flatMap((c, i): Row[] => [
    [
      i === 0 ? 'retrieval' : '',
      `${num(c.messages)} msgs, reads ${c.readablePercent} %: retrieve() p50 / p95 ms`,
      `${num(c.p50Ms)} / ${num(c.p95Ms)}`,
      `floor ${num(c.floorP50Ms)} / ${num(c.floorP95Ms)}`,
      `×${c.ratioToFloorP50}`,
    ],
    [
      '',
      '  message-level retrieve() of before (today), p50 / p95 ms',
      `${num(c.todayP50Ms)} / ${num(c.todayP95Ms)}`,
      `conversations ×${c.ratioToTodayP50}; messages shown ${c.meanMessages} (today ${c.todayMeanMessages})`,
      `×${c.ratioToTodayP50} (goal ≤ 1.3 at 100k)`,
    ],
    [
      '',
      '  its vector side alone, p50 / p95 ms',
      `${num(c.vectorP50Ms)} / ${num(c.vectorP95Ms)}`,
      `floor ${num(c.floorP50Ms)}; filtered (today) ${num(c.filteredP50Ms)} / ${num(c.filteredP95Ms)}`,
      `×${ratio(c.vectorP50Ms, c.floorP50Ms)}`,
    ],
    [
      '',
      '  over-fetch / fallback / filtered at once, %',
      `${c.overfetch} / ${c.fallback} / ${c.filteredAtOnce}`,
      `same hits as filtered: ${c.sameHits}; recall ${c.recall} (filtered ${c.filteredRecall})`,
      '',
    ],
  ]);
}

/** A plain table of the cells, for the run on its own. */
function renderCells(r: RetrievalResult): string {
  const head = [
    'messages',
    'reads',
    'retrieve p50/p95',
    'vector side p50/p95',
    'floor p50/p95',
    'filtered (today) p50/p95',
    'over-fetch/fallback/at once %',
    'same hits',
    'recall ours/filtered',
    'retrieve ×floor',
    'vector ×floor',
    'retrieve ×filtered',
  ];
  const rows = r.cells.map((c) => [
    num(c.messages),
    `${c.readablePercent} %`,
    `${num(c.p50Ms)} / ${num(c.p95Ms)}`,
    `${num(c.vectorP50Ms)} / ${num(c.vectorP95Ms)}`,
    `${num(c.floorP50Ms)} / ${num(c.floorP95Ms)}`,
    `${num(c.filteredP50Ms)} / ${num(c.filteredP95Ms)} (${c.filteredQueries} q)`,
    `${c.overfetch} / ${c.fallback} / ${c.filteredAtOnce}`,
    c.sameHits,
    `${c.recall} / ${c.filteredRecall}`,
    `×${c.ratioToFloorP50}`,
    `×${ratio(c.vectorP50Ms, c.floorP50Ms)}`,
    `×${c.ratioToFilteredP50}`,
  ]);
  const all = [head, ...rows];
  const widths = head.map((_, k) => Math.max(...all.map((row) => (row[k] ?? '').length)));
  const line = (row: string[]) => `| ${row.map((cell, k) => cell.padEnd(widths[k] ?? 0)).join(' | ')} |`;
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The sizes of `npm run bench` (÷10 with BENCH_QUICK=1). */
export function retrievalSizes(quick: boolean) {
  const scale = quick ? 10 : 1;
  // BENCH_RETRIEVAL_SIZES=10000,100000 measures those sizes only (the 300,000 load takes minutes).
  const only = process.env.BENCH_RETRIEVAL_SIZES?.split(',')
    .map((x) => Number(x.trim()))
    .filter((x) => Number.isInteger(x) && x > 0);
  return {
    sizes: only !== undefined && only.length > 0 ? only : [10_000 / scale, 100_000 / scale, 300_000 / scale],
    readablePercents: [25, 75, 100],
    queries: quick ? 30 : 100,
    filteredQueries: (size: number) => (quick ? 10 : size <= 10_000 ? 40 : size <= 100_000 ? 20 : 8),
  };
}

async function main(): Promise<void> {
  const quick = process.env.BENCH_QUICK === '1';
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const t0 = performance.now();
  const dir = mkdtempSync(path.join(tmpdir(), 'askbot-bench-retrieval-'));
  const sizes = retrievalSizes(quick);
  const corpus = generateCorpus(Math.max(...sizes.sizes), 200);
  const chroma = await startLocalChroma(path.join(dir, 'chroma'), { readyTimeoutMs: 60_000 });
  try {
    const result = await benchRetrieval({ dir, chromaUrl: chroma.url, corpus, ...sizes, log });
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n\n${renderCells(result)}\n`);
    log(`done in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  } finally {
    await chroma.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(
        `bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      );
      process.exit(1);
    },
  );
}
