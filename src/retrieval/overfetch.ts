/**
 * How the vector side of retrieval respects the asker's scope without paying for Chroma's metadata
 * filter on every question (issue 13). A `where` makes Chroma fetch every matching record before
 * the vector search, which costs tens of times the search itself; so the common path is one
 * query without a filter that asks for more than needed (sized from the share of the guild the
 * asker may read), with the scope checked exactly in code on each hit. The filtered query runs only
 * when that leaves too few hits, or at once when the share is so small that the over-fetch would
 * have to be huge. Pure functions; the I/O is in search.ts.
 */
import type { SearchScope, StoredMessage } from '../store/types';
import { MAX_FILTER_IDS, type Nearby, type VectorFilter } from '../vector/store';

/** What the asker may read of a guild's messages, from the store's per-channel counts. */
export interface ReadableShare {
  /** Readable channels that hold messages. */
  allowed: string[];
  /** Channels with messages the asker may not read. */
  forbidden: string[];
  allowedMessages: number;
  totalMessages: number;
}

/** The readable share of a guild: `counts` are live messages per channel, `channelIds` the readable ones. */
export function readableShare(
  counts: ReadonlyMap<string, number>,
  channelIds: readonly string[],
): ReadableShare {
  const readable = new Set(channelIds);
  const share: ReadableShare = { allowed: [], forbidden: [], allowedMessages: 0, totalMessages: 0 };
  for (const [channelId, n] of counts) {
    if (n <= 0) continue;
    share.totalMessages += n;
    if (readable.has(channelId)) {
      share.allowed.push(channelId);
      share.allowedMessages += n;
    } else {
      share.forbidden.push(channelId);
    }
  }
  return share;
}

export interface OverfetchTuning {
  /**
   * Hits asked for per allowed hit needed, beyond 1 / share: hits cluster by channel (a question
   * resembles one channel's topic most), so the allowed ones come less evenly than the share says.
   */
  safety: number;
  /** The largest unfiltered query; a smaller share goes to the filtered query at once. */
  maxFetch: number;
}

/**
 * Chosen with bench/retrieval.ts (768-d, 10,000 to 300,000 messages in 200 channels): an unfiltered
 * query for 800 ids and distances still costs a fraction of a filtered one, and a safety of 2 left
 * no fallback at a 25 % share; below 10 % of the messages the filtered query is cheap (few matches).
 */
export const DEFAULT_TUNING: OverfetchTuning = { safety: 2, maxFetch: 800 };

export type VectorPlan =
  /** Nothing the asker may read has a vector: no query at all. */
  | { kind: 'none' }
  /** One query without filter for the nearest `fetch`, kept in code. */
  | { kind: 'overfetch'; fetch: number }
  /** The filtered query straight away. */
  | { kind: 'filtered' };

/**
 * The first vector query for `n` hits within `scope`. An author filter goes straight to the
 * filtered query: one member's messages are a small share of any guild, of unknown size.
 */
export function planVectorSearch(
  share: ReadableShare,
  scope: Pick<SearchScope, 'authorId'>,
  n: number,
  tuning: OverfetchTuning = DEFAULT_TUNING,
): VectorPlan {
  if (share.allowedMessages === 0 || n <= 0) return { kind: 'none' };
  if (scope.authorId !== undefined) return { kind: 'filtered' };
  if (share.forbidden.length === 0) return { kind: 'overfetch', fetch: n };
  const fraction = share.allowedMessages / share.totalMessages;
  const fetch = Math.ceil((n * tuning.safety) / fraction);
  return fetch > tuning.maxFetch ? { kind: 'filtered' } : { kind: 'overfetch', fetch };
}

/**
 * The exact scope check, on the stored row of a hit (the store is the truth; Chroma's copy of the
 * metadata may lag an edit or deletion): live and non-empty, the guild, a readable channel, and the
 * author and time options. Every hit passes through it, whichever query found it.
 */
export function inScope(scope: SearchScope, readable: ReadonlySet<string>): (m: StoredMessage) => boolean {
  return (m) =>
    !m.deleted &&
    m.content !== '' &&
    m.guildId === scope.guildId &&
    readable.has(m.channelId) &&
    (scope.authorId === undefined || m.authorId === scope.authorId) &&
    (scope.sinceMs === undefined || m.createdAt >= scope.sinceMs);
}

/**
 * The hits of an unfiltered query for `fetch` that are in scope, and whether they are the nearest
 * `n` in scope, as the filtered query would return them: true when `n` are in scope, when the
 * collection had no more to give (fewer than `fetch` came back), or when the last hit is already
 * beyond `horizon` (everything unseen is farther, and farther than the caller keeps).
 */
export function keepInScope<H extends Nearby>(
  hits: readonly H[],
  ok: (hit: H) => boolean,
  n: number,
  fetch: number,
  horizon: number,
): { hits: H[]; complete: boolean } {
  const kept = hits.filter(ok).slice(0, n);
  const last = hits.at(-1);
  const complete = kept.length >= n || hits.length < fetch || (last !== undefined && last.distance > horizon);
  return { hits: kept, complete };
}

/**
 * The filter of the filtered query: the shorter of `$in` readable channels and `$nin` forbidden
 * ones (fewer records for Chroma to fetch, and a bounded list). `$nin` cannot be split, so a
 * forbidden list longer than MAX_FILTER_IDS falls back to `$in`, which the index splits into
 * bounded queries. Channels without messages are left out of both; the exact check in code
 * (inScope) is what guarantees that nothing forbidden comes through.
 */
export function scopeFilter(
  share: ReadableShare,
  scope: Pick<SearchScope, 'authorId' | 'sinceMs'>,
): VectorFilter {
  const useNotIn = share.forbidden.length < share.allowed.length && share.forbidden.length <= MAX_FILTER_IDS;
  const filter: VectorFilter = {};
  if (useNotIn) {
    if (share.forbidden.length > 0) filter.channels = { notIn: share.forbidden };
  } else {
    filter.channels = { in: share.allowed };
  }
  if (scope.authorId !== undefined) filter.authorId = scope.authorId;
  if (scope.sinceMs !== undefined) filter.sinceMs = scope.sinceMs;
  return filter;
}
