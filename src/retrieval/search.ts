import type { Clock } from '../async';
import type { Embedder } from '../llm/embedder';
import type { Db } from '../store/db';
import { keywordSearch, messagesByIds, neighbours } from '../store/messages';
import type { MessageRow } from '../store/schema';
import type { VectorStore } from '../vector/store';
import { chooseWithReserve, rankCandidates, reciprocalRankFusion } from './rank';

export interface RetrievalDeps {
  db: Db;
  embedder: Embedder;
  vectors: VectorStore;
  clock: Clock;
}

export interface RetrieveOptions {
  /** How many sources to keep. */
  limit?: number;
  /** Candidates taken from each retriever before fusion. */
  candidates?: number;
  /** Vector hits farther than this (cosine distance) count as unrelated unless a keyword matched. */
  maxDistance?: number;
  /** Messages of the same channel added before and after each source for context. */
  neighbours?: number;
}

/** A message chosen as a source, with the messages around it that give it context. */
export interface Source {
  message: MessageRow;
  context: { before: MessageRow[]; after: MessageRow[] };
}

/**
 * Finds the messages that best answer `question` among `channelIds` of one guild: vector similarity
 * and keyword (BM25) matches fused by reciprocal rank, with a mild recency preference. The channel
 * restriction is applied inside both searches, so forbidden channels can neither leak nor crowd out.
 */
export async function retrieve(
  deps: RetrievalDeps,
  q: { question: string; guildId: string; channelIds: string[] },
  opts: RetrieveOptions = {},
): Promise<Source[]> {
  const { limit = 8, candidates = 40, maxDistance = 0.9, neighbours: around = 1 } = opts;
  if (q.channelIds.length === 0) return [];
  const [vector] = await deps.embedder.embed([q.question], 'query');
  if (vector === undefined) return [];
  const hits = await deps.vectors.query(vector, { guildId: q.guildId, channelIds: q.channelIds }, candidates);
  const keywordIds = keywordSearch(deps.db, q.guildId, q.channelIds, q.question, candidates);
  const vectorIds = hits.filter((h) => h.distance <= maxDistance).map((h) => h.id);
  const scores = reciprocalRankFusion([
    { ids: vectorIds, weight: 1 },
    { ids: keywordIds, weight: 1 },
  ]);
  if (scores.size === 0) return [];

  // SQLite is the source of truth: a vector whose message was deleted or moved out of scope is dropped.
  const allowed = new Set(q.channelIds);
  const rows = new Map(
    messagesByIds(deps.db, [...scores.keys()])
      .filter((m) => !m.deleted && m.guildId === q.guildId && allowed.has(m.channelId) && m.content !== '')
      .map((m) => [m.id, m]),
  );
  const fused = rankCandidates(scores, (id) => rows.get(id)?.createdAt, deps.clock.now());
  const ranked = chooseWithReserve(fused, [vectorIds, keywordIds], limit);
  const chosen = new Set(ranked);
  return ranked.flatMap((id) => {
    const message = rows.get(id);
    if (message === undefined) return [];
    const near = around > 0 ? neighbours(deps.db, message, around, around) : [];
    const keep = (m: MessageRow) =>
      !chosen.has(m.id) && m.content !== '' && Math.abs(m.createdAt - message.createdAt) < 3_600_000;
    return [
      {
        message,
        context: {
          before: near.filter((m) => m.createdAt <= message.createdAt && keep(m)),
          after: near.filter((m) => m.createdAt > message.createdAt && keep(m)),
        },
      },
    ];
  });
}
