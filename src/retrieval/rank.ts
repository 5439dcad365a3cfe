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

/** Ids sorted by fused score × recency, best first; ties broken by newer first. */
export function rankCandidates(
  scores: Map<string, number>,
  createdAt: (id: string) => number | undefined,
  now: number,
): string[] {
  const scored: { id: string; s: number; t: number }[] = [];
  for (const [id, s] of scores) {
    const t = createdAt(id);
    if (t === undefined) continue;
    scored.push({ id, s: s * recencyFactor(t, now), t });
  }
  scored.sort((a, b) => b.s - a.s || b.t - a.t);
  return scored.map((x) => x.id);
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
