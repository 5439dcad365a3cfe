/** A candidate from one retriever, best first within its list. */
export interface RankedList {
  ids: string[];
  weight: number;
}

/**
 * Reciprocal rank fusion (Cormack et al. 2009): score(d) = Σ weight / (k + rank). Robust to the
 * incomparable scales of cosine distance and BM25, which is why it is used to fuse them.
 */
export function reciprocalRankFusion(lists: RankedList[], k = 60): Map<string, number> {
  const scores = new Map<string, number>();
  for (const { ids, weight } of lists) {
    ids.forEach((id, i) => {
      scores.set(id, (scores.get(id) ?? 0) + weight / (k + i + 1));
    });
  }
  return scores;
}

/**
 * A mild preference for recent messages: 1 for now, halving every `halfLifeDays`, never below
 * `floor` so that old but exact answers still win.
 */
export function recencyFactor(createdAt: number, now: number, halfLifeDays = 180, floor = 0.7): number {
  const ageDays = Math.max(0, now - createdAt) / 86_400_000;
  return floor + (1 - floor) * 0.5 ** (ageDays / halfLifeDays);
}

/** Ids with their fused score × recency, best first; ties broken by newer first. Unknown ids are left out. */
export function scoreCandidates(
  scores: Map<string, number>,
  createdAt: (id: string) => number | undefined,
  now: number,
): { id: string; score: number }[] {
  const scored: { id: string; score: number; t: number }[] = [];
  for (const [id, s] of scores) {
    const t = createdAt(id);
    if (t === undefined) continue;
    scored.push({ id, score: s * recencyFactor(t, now), t });
  }
  scored.sort((a, b) => b.score - a.score || b.t - a.t);
  return scored.map(({ id, score }) => ({ id, score }));
}

/** Ids sorted by fused score × recency, best first; ties broken by newer first. */
export function rankCandidates(
  scores: Map<string, number>,
  createdAt: (id: string) => number | undefined,
  now: number,
): string[] {
  return scoreCandidates(scores, createdAt, now).map((x) => x.id);
}

/**
 * The final choice: the best `reserve` ids of each retriever always make it (an exact keyword hit
 * such as an error code must not be outvoted by many loosely similar messages that both retrievers
 * like), then the rest by fused order, up to `limit`. Keeps the fused order.
 */
export function chooseWithReserve(
  fused: string[],
  perRetriever: string[][],
  limit: number,
  reserve = 2,
): string[] {
  const ok = new Set(fused);
  const chosen = new Set<string>();
  for (const list of perRetriever) {
    for (const id of list.filter((x) => ok.has(x)).slice(0, reserve)) chosen.add(id);
  }
  for (const id of fused) {
    if (chosen.size >= limit) break;
    chosen.add(id);
  }
  return fused.filter((id) => chosen.has(id)).slice(0, Math.max(limit, chosen.size));
}

/** How much what a conversation says about being answered weighs in its rank (answerFactor). */
export const ANSWER_FACTORS = {
  /** An accepted answer (issue 19): the strongest word there is. */
  accepted: 1.3,
  /** A Solved tag, or the asker's thanks. */
  confirmed: 1.2,
  /** Someone answered (a reply by someone else), or the chain came back to the asker. */
  replied: 1.1,
  /** A lone message that asks something, which nobody answered. */
  loneQuestion: 0.8,
} as const;

/**
 * The one place where what a conversation says about being answered changes its rank: its
 * relevance (fused score of its hits) is multiplied by this. Conversations that hold an answer
 * rank above lone unanswered questions of about the same relevance; the factors stay small
 * because reciprocal rank fusion's scores are close together (rank 1: 1/61, rank 20: 1/80), so a
 * loosely related answered conversation does not outrank an exact hit. A per-conversation or
 * per-message signal plugs in here: issue 19's accepted answers arrive as `signals.accepted`
 * (retrieval reads them through `RetrievalDeps.acceptedAnswers`, by default the help posts the
 * store records, expand.ts `storedAcceptedAnswers`; the accepted message is then the one cited,
 * and the pipeline puts such conversations first, retrieval/accepted.ts). Returns a factor around 1.
 */
export function answerFactor(
  signals: {
    accepted: boolean;
    solvedTag: boolean;
    askerThanked: boolean;
    askerReplied: boolean;
    othersReplied: boolean;
  },
  shape: { loneQuestion: boolean },
): number {
  if (signals.accepted) return ANSWER_FACTORS.accepted;
  if (signals.solvedTag || signals.askerThanked) return ANSWER_FACTORS.confirmed;
  if (signals.othersReplied || signals.askerReplied) return ANSWER_FACTORS.replied;
  if (shape.loneQuestion) return ANSWER_FACTORS.loneQuestion;
  return 1;
}
