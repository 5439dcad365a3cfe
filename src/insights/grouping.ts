/**
 * Grouping questions into topics, as plain functions. A question joins the topic whose centroid
 * (the direction of the sum of its members' unit vectors) is most similar to it, when that cosine
 * similarity is at least the threshold; otherwise it founds a topic of its own. Each question is
 * placed once, when it is grouped (incremental single-pass clustering): a view never regroups.
 *
 * The threshold (0.82 by default, INSIGHTS_TOPIC_SIMILARITY) is for nomic-embed-text, the default
 * OLLAMA_EMBED_MODEL, on untagged text (questions are embedded without a task prefix). No package
 * in the npm registry ships a sentence-embedding model's weights that run offline here, so it could
 * not be measured on the model itself. It was measured (grouping.test.ts) on generated questions
 * whose pair similarities follow published nomic-embed-text-v1.5 figures for untagged sentences:
 * paraphrases ≈ 0.97 ("The new movie is awesome" / "… is so great"), related but different ≈ 0.74
 * ("The cat sits outside" / "The cat plays in the garden"), unrelated 0.48–0.58
 * (huggingface/candle, examples/nomic-bert). With paraphrase pairs of 0.78–0.96, near misses
 * ≈ 0.74 and unrelated ≈ 0.52, 0.82 kept every near-miss pair apart and scored a pairwise F1 of
 * 0.99–1.00; 0.78 merged 7–17 % of near misses, 0.88 split paraphrases (recall 0.66–0.95).
 * Similarity to a centroid runs above the similarity to its members (the centroid averages their
 * differences out), which is why the best threshold lies above the near misses' pairwise 0.74 by
 * more than half the gap. Another embedding model has another scale: set INSIGHTS_TOPIC_SIMILARITY.
 *
 * Without the embedding model, questions are grouped by their keywords (Jaccard similarity of their
 * search terms ≥ 0.5) and marked so; they are grouped again by meaning once the model answers.
 */
import { searchTerms } from '../store/terms';
import { dot, norm } from './vectors';

/** Cosine similarity to a topic's centroid at or above which a question joins it (nomic-embed-text; see above). */
export const DEFAULT_TOPIC_SIMILARITY = 0.82;
/** Jaccard similarity of search terms at or above which a question joins a keyword topic. */
export const KEYWORD_SIMILARITY = 0.5;

export interface VectorTopic {
  id: string;
  /** Sum of the members' unit vectors. */
  sum: Float32Array;
}

/** Cosine similarity of the unit vector `v` to the topic's centroid. */
export function centroidSimilarity(v: Float32Array, t: VectorTopic): number {
  const n = norm(t.sum);
  return n === 0 ? 0 : dot(v, t.sum) / n;
}

/** The most similar topic at or above `threshold`, if any. */
export function nearestTopic<T extends VectorTopic>(
  v: Float32Array,
  topics: Iterable<T>,
  threshold: number,
): { topic: T; similarity: number } | undefined {
  let best: { topic: T; similarity: number } | undefined;
  for (const t of topics) {
    const similarity = centroidSimilarity(v, t);
    if (similarity >= threshold && (best === undefined || similarity > best.similarity))
      best = { topic: t, similarity };
  }
  return best;
}

/** The words that stand for a question when it is grouped by keywords (at most 16). */
export function keywordTerms(text: string): string[] {
  return searchTerms(text).slice(0, 16);
}

/** |a ∩ b| / |a ∪ b| of two term lists (0 when both are empty). */
export function jaccard(a: readonly string[], b: readonly string[]): number {
  const sa = new Set(a);
  const sb = new Set(b);
  let common = 0;
  for (const x of sa) if (sb.has(x)) common++;
  const union = sa.size + sb.size - common;
  return union === 0 ? 0 : common / union;
}

/** The keyword topic whose terms are most like `terms`, at or above `threshold`. */
export function nearestKeywordTopic<T extends { terms: readonly string[] }>(
  terms: readonly string[],
  topics: Iterable<T>,
  threshold = KEYWORD_SIMILARITY,
): T | undefined {
  let best: { topic: T; similarity: number } | undefined;
  for (const t of topics) {
    const similarity = jaccard(terms, t.terms);
    if (similarity >= threshold && (best === undefined || similarity > best.similarity))
      best = { topic: t, similarity };
  }
  return best?.topic;
}

/**
 * The medoid: the member with the greatest summed cosine similarity to all members. For unit
 * vectors Σⱼ xᵢ·xⱼ = xᵢ·S, with S the topic's vector sum, so it is the member nearest the centroid
 * (exact, in one pass). Only `candidates` may name a topic (its public questions).
 */
export function medoid(
  candidates: readonly { id: string; vector: Float32Array }[],
  sum: Float32Array,
): string | undefined {
  let best: { id: string; score: number } | undefined;
  for (const c of candidates) {
    const score = dot(c.vector, sum);
    if (best === undefined || score > best.score) best = { id: c.id, score };
  }
  return best?.id;
}

/** The keyword medoid: the candidate whose terms are most like the others' (summed Jaccard). */
export function keywordMedoid(
  candidates: readonly { id: string; terms: readonly string[] }[],
): string | undefined {
  let best: { id: string; score: number } | undefined;
  for (const c of candidates) {
    let score = 0;
    for (const o of candidates) if (o !== c) score += jaccard(c.terms, o.terms);
    if (best === undefined || score > best.score) best = { id: c.id, score };
  }
  return best?.id;
}
