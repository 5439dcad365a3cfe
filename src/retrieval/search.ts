import type { Clock } from '../async';
import { AppError } from '../errors';
import { type Embedder, withLongestAcceptedPrefix } from '../llm/embedder';
import type { Logger } from '../log';
import type { SearchScope, Store, StoredMessage } from '../store/types';
import type { Nearby, VectorIndex } from '../vector/store';
import { channelCounts } from './channel-counts';
import { type Seed, type Source, singleMessageSource } from './conversations';
import { type AcceptedAnswers, expandConversations } from './expand';
import {
  DEFAULT_TUNING,
  inScope,
  keepInScope,
  type OverfetchTuning,
  planVectorSearch,
  readableShare,
  scopeFilter,
} from './overfetch';
import { chooseWithReserve, reciprocalRankFusion, scoreCandidates } from './rank';

export type { Source } from './conversations';

export interface RetrievalDeps {
  store: Store;
  embedder: Embedder;
  vectors: VectorIndex;
  clock: Clock;
  log?: Logger;
  /** Which messages are accepted answers (issue 19); by default the help posts of the store (expand.ts). */
  acceptedAnswers?: AcceptedAnswers | undefined;
}

export interface RetrieveOptions {
  /** How many sources (conversations) to keep. */
  limit?: number;
  /**
   * Follow conversation links (default): each hit brings its reply chain, thread or forum post,
   * and sources are conversations. False gives the message-level retrieval of before (each hit
   * with its time neighbours), which the quality benchmark compares against.
   */
  conversations?: boolean;
  /** Candidates taken from each retriever before fusion. */
  candidates?: number;
  /** Vector hits farther than this (cosine distance) count as unrelated unless a keyword matched. */
  maxDistance?: number;
  /** Messages of the same channel added before and after a hit that no link connects, for context. */
  neighbours?: number;
  /** How far the unfiltered vector query over-fetches (overfetch.ts). */
  overfetch?: OverfetchTuning;
}

/** What retrieval found; `degraded` when the vector side could not be used and keywords alone answered. */
export interface Retrieved {
  sources: Source[];
  degraded?: {
    reason: 'vector_unavailable' | 'embedding_unavailable' | 'vector_dimension_mismatch';
    error: AppError;
  };
}

/** How the vector candidates of one question were found (for the bench and the logs). */
export interface VectorSearchTrace {
  /** `overfetch`: the unfiltered query sufficed; `fallback`: it left too few, the filtered one ran. */
  path: 'none' | 'overfetch' | 'fallback' | 'filtered';
  /** Hits asked of the unfiltered query (0 when it did not run). */
  fetched: number;
}

/** The vector candidates of one question: in scope, nearest first, and their stored rows. */
export interface ScopedHits {
  hits: Nearby[];
  rows: Map<string, StoredMessage>;
  trace: VectorSearchTrace;
}

/**
 * The nearest `n` messages to `vector` within `scope` and within `horizon` (cosine distance), as
 * Chroma's filtered query would return them (after the same row checks), usually without paying
 * for its filter: one unfiltered query over-fetching by the readable share (`counts`: live messages
 * per channel), the scope checked exactly on each hit's stored row, and the filtered query only
 * when too few are left or the share is small (overfetch.ts). Rejects with Chroma's AppError.
 */
export async function scopedVectorSearch(
  deps: { vectors: VectorIndex; store: Pick<Store, 'messages'> },
  counts: ReadonlyMap<string, number>,
  scope: SearchScope,
  vector: number[],
  opts: { n: number; horizon: number; tuning?: OverfetchTuning | undefined },
): Promise<ScopedHits> {
  const { n, horizon, tuning = DEFAULT_TUNING } = opts;
  const { vectors } = deps;
  const share = readableShare(counts, scope.channelIds);
  const plan = planVectorSearch(share, scope, n, tuning);
  const rows = new Map<string, StoredMessage>();
  if (plan.kind === 'none') return { hits: [], rows, trace: { path: 'none', fetched: 0 } };
  const ok = inScope(scope, new Set(scope.channelIds));
  const okHit = (h: Nearby) => {
    const m = rows.get(h.id);
    return m !== undefined && ok(m);
  };
  // Only hits within the horizon can become candidates: only their rows are read.
  const lookUp = async (hits: readonly Nearby[]) => {
    const wanted = hits.filter((h) => h.distance <= horizon && !rows.has(h.id)).map((h) => h.id);
    if (wanted.length > 0) for (const m of await deps.store.messages.byIds(wanted)) rows.set(m.id, m);
  };
  let path: VectorSearchTrace['path'] = 'filtered';
  let fetched = 0;
  if (plan.kind === 'overfetch') {
    fetched = plan.fetch;
    const near = await vectors.nearest(scope.guildId, vector, plan.fetch);
    await lookUp(near);
    const kept = keepInScope(near, okHit, n, plan.fetch, horizon);
    if (kept.complete) return { hits: nearby(kept.hits), rows, trace: { path: 'overfetch', fetched } };
    path = 'fallback';
  }
  const hits = await vectors.query(scope.guildId, vector, n, scopeFilter(share, scope));
  await lookUp(hits);
  return { hits: nearby(hits.filter(okHit)), rows, trace: { path, fetched } };
}

/** Nearest first; equally near ones by id, so that both paths order ties alike. */
const nearby = (hits: readonly Nearby[]): Nearby[] =>
  hits
    .map((h) => ({ id: h.id, distance: h.distance }))
    .sort((a, b) => a.distance - b.distance || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

type VectorSide =
  | { ids: string[]; rows: Map<string, StoredMessage>; trace: VectorSearchTrace }
  | { degraded: NonNullable<Retrieved['degraded']> };

const isChromaError = (err: unknown): err is AppError =>
  err instanceof AppError && (err.code.startsWith('CHROMA_') || err.code === 'VECTOR_DIMENSION_MISMATCH');

/** Embeds the question and searches its vector in scope; a failing Ollama or Chroma degrades, anything else throws. */
async function vectorSide(
  deps: RetrievalDeps,
  q: { question: string; scope: SearchScope },
  opts: { n: number; maxDistance: number; tuning: OverfetchTuning | undefined },
): Promise<VectorSide> {
  const counts = channelCounts(deps.store, q.scope.guildId);
  let vector: number[] | undefined;
  try {
    // A long search text (the message of "Ask about this message") may exceed a small embedding
    // model's context: its longest accepted start is searched, as the indexer embeds it.
    ({ value: vector } = await withLongestAcceptedPrefix(q.question, async (text) => {
      const [v] = await deps.embedder.embed([text], 'query');
      return v;
    }));
  } catch (err) {
    counts.catch(() => {});
    if (!(err instanceof AppError)) throw err;
    return { degraded: { reason: 'embedding_unavailable', error: err } };
  }
  const known = await counts;
  if (vector === undefined) return { ids: [], rows: new Map(), trace: { path: 'none', fetched: 0 } };
  try {
    const { hits, rows, trace } = await scopedVectorSearch(deps, known, q.scope, vector, {
      n: opts.n,
      horizon: opts.maxDistance,
      tuning: opts.tuning,
    });
    return { ids: hits.map((h) => h.id), rows, trace };
  } catch (err) {
    if (!isChromaError(err)) throw err;
    // Chroma answered, but the question's vector has another size than the index's: not "unavailable".
    const reason =
      err.code === 'VECTOR_DIMENSION_MISMATCH' ? 'vector_dimension_mismatch' : 'vector_unavailable';
    return { degraded: { reason, error: err } };
  }
}

/**
 * Finds the messages that best answer `question` within `scope` (one guild, the channels the asker
 * may read, and the author and time options): vector similarity and keyword (BM25) matches, run
 * concurrently and fused by reciprocal rank with a mild recency preference, each source with its
 * neighbouring messages. Neither search can return, nor be crowded out by, a message out of scope.
 * When Ollama cannot embed the question or Chroma fails, the keyword matches alone answer and
 * `degraded` says why (INTERFACE /ask point 8); a store failure rejects.
 */
export async function retrieve(
  deps: RetrievalDeps,
  q: { question: string; scope: SearchScope },
  opts: RetrieveOptions = {},
): Promise<Retrieved> {
  const {
    limit = 8,
    candidates = 40,
    maxDistance = 0.9,
    neighbours: around = 1,
    conversations = true,
  } = opts;
  const { scope } = q;
  if (scope.channelIds.length === 0) return { sources: [] };
  const vectorP = vectorSide(deps, q, { n: candidates, maxDistance, tuning: opts.overfetch });
  // Seen by Promise.all below; this only keeps a rejection during the wait from counting as unhandled.
  vectorP.catch(() => {});
  // A SQLite store answers synchronously, blocking the event loop: the keyword search starts once
  // the vector side has sent its request, so that Ollama or Chroma work meanwhile.
  await new Promise<void>((resolve) => setImmediate(resolve));
  const keywordP = (async () => {
    const ids = await deps.store.messages.keywordSearch(scope, q.question, candidates);
    return { ids, rows: ids.length === 0 ? [] : await deps.store.messages.byIds(ids) };
  })();
  const [vector, keyword] = await Promise.all([vectorP, keywordP]);
  const keywordIds = keyword.ids;
  let vectorIds: string[] = [];
  const known = new Map(keyword.rows.map((m) => [m.id, m]));
  let degraded: Retrieved['degraded'];
  if ('degraded' in vector) {
    degraded = vector.degraded;
    deps.log?.warn(
      { err: degraded.error, reason: degraded.reason, guildId: scope.guildId },
      'retrieval degraded to keyword search alone',
    );
  } else {
    vectorIds = vector.ids;
    for (const [id, m] of vector.rows) known.set(id, m);
  }
  const sources = await assemble(deps, scope, [vectorIds, keywordIds], known, {
    limit,
    around,
    conversations,
  });
  return degraded === undefined ? { sources } : { sources, degraded };
}

/**
 * Fuses the ranked id lists, keeps the rows still live and in scope (`known`: rows the vector side
 * already read), and makes sources of them: their conversations (twice `limit` hits expanded,
 * merged, ranked, `limit` kept), or, message by message, the hits and their neighbours.
 */
async function assemble(
  deps: RetrievalDeps,
  scope: SearchScope,
  lists: string[][],
  known: ReadonlyMap<string, StoredMessage>,
  opts: { limit: number; around: number; conversations: boolean },
): Promise<Source[]> {
  const scores = reciprocalRankFusion(lists.map((ids) => ({ ids, weight: 1 })));
  if (scores.size === 0) return [];
  // The store is the source of truth: a vector whose message was deleted or moved out of scope is dropped.
  const missing = [...scores.keys()].filter((id) => !known.has(id));
  const fetched = missing.length === 0 ? [] : await deps.store.messages.byIds(missing);
  const ok = inScope(scope, new Set(scope.channelIds));
  const rows = new Map(
    [...known.values(), ...fetched].filter((m) => scores.has(m.id) && ok(m)).map((m) => [m.id, m]),
  );
  const scored = scoreCandidates(scores, (id) => rows.get(id)?.createdAt, deps.clock.now());
  const fused = scored.map((x) => x.id);
  const scoreOf = new Map(scored.map((x) => [x.id, x.score]));
  // Hits of one conversation merge into one source: more hits than sources are expanded.
  const ranked = chooseWithReserve(fused, lists, opts.conversations ? opts.limit * 2 : opts.limit);
  const seeds: Seed[] = ranked.flatMap((id) => {
    const m = rows.get(id);
    return m === undefined ? [] : [{ message: m, score: scoreOf.get(id) ?? 0 }];
  });
  if (opts.conversations) {
    // Each retriever's best two in scope keep their conversations, as chooseWithReserve keeps them.
    const reserved = lists.flatMap((ids) => ids.filter((id) => rows.has(id)).slice(0, 2));
    return expandConversations(deps, scope, seeds, { limit: opts.limit, around: opts.around, reserved });
  }
  const chosen = new Set(ranked);
  return Promise.all(
    seeds.map(async ({ message, score }): Promise<Source> => {
      const near =
        opts.around > 0 ? await deps.store.messages.neighbours(message, opts.around, opts.around) : [];
      const keep = (m: StoredMessage) =>
        !chosen.has(m.id) && ok(m) && Math.abs(m.createdAt - message.createdAt) < 3_600_000;
      return singleMessageSource(
        message,
        {
          before: near.filter((m) => m.createdAt <= message.createdAt && keep(m)),
          after: near.filter((m) => m.createdAt > message.createdAt && keep(m)),
        },
        score,
      );
    }),
  );
}
