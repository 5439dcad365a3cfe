/**
 * Keeping topics true after their questions change: each topic's size, vector sum and name (its
 * medoid among public questions) are computed again from the questions it still has. Used after a
 * grouping step (names only), `/forget-me`, `npm run forget` and retention.
 */
import type { Store, Topic } from '../store/types';
import { keywordMedoid, keywordTerms, medoid } from './grouping';
import { addInto, decodeVector, encodeVector } from './vectors';

/** Members read to name a topic: its newest public questions (the medoid of a large topic is stable). */
export const LABEL_SAMPLE = 500;
/** Members read at most to recompute a topic after removals. */
const REFRESH_LIMIT = 100_000;

/** Names a topic by the medoid of its newest public questions (null when none is public). */
export async function labelOf(store: Store, t: Topic): Promise<string | null> {
  const members = await store.insights.members(t.id, { publicOnly: true, limit: LABEL_SAMPLE });
  if (t.method === 'keywords') {
    return keywordMedoid(members.map((m) => ({ id: m.id, terms: keywordTerms(m.text) }))) ?? null;
  }
  const sum = decodeVector(t.vectorSum);
  const withVectors = members
    .map((m) => ({ id: m.id, vector: decodeVector(m.embedding) }))
    .filter((m) => m.vector.length === sum.length && sum.length > 0);
  return medoid(withVectors, sum) ?? null;
}

/** Names each topic again (after a grouping step changed them). */
export async function relabel(store: Store, topicIds: Iterable<string>, now: number): Promise<void> {
  for (const id of topicIds) {
    const t = await store.insights.topic(id);
    if (t === undefined) continue;
    const labelQuestionId = await labelOf(store, t);
    if (labelQuestionId !== t.labelQuestionId)
      await store.insights.saveTopic({ ...t, labelQuestionId, updatedAt: now });
  }
}

/**
 * Recomputes topics from the questions left in them (after questions were deleted): size, vector
 * sum and name; a topic left empty is deleted.
 */
export async function refreshTopics(store: Store, topicIds: Iterable<string>, now: number): Promise<void> {
  for (const id of topicIds) {
    const t = await store.insights.topic(id);
    if (t === undefined) continue;
    const members = await store.insights.members(id, { publicOnly: false, limit: REFRESH_LIMIT });
    let sum: Float32Array = new Float32Array(0);
    if (t.method === 'embedding') {
      for (const m of members) {
        const v = decodeVector(m.embedding);
        if (v.length > 0 && (sum.length === 0 || sum.length === v.length)) sum = addInto(sum, v);
      }
    }
    const next: Topic = { ...t, size: members.length, vectorSum: encodeVector(sum), updatedAt: now };
    next.labelQuestionId = members.length === 0 ? null : await labelOf(store, next);
    await store.insights.saveTopic(next);
  }
}

/**
 * A member's questions leave insights (one guild, or every guild): the rows, their texts and
 * sources, and what they added to their topics. Returns how many questions were removed.
 */
export async function forgetQuestions(
  store: Store,
  req: { userId: string; guildId?: string | undefined; at: number },
): Promise<number> {
  const { removed, topicIds } = await store.insights.forgetAsker(req.userId, req.guildId);
  await refreshTopics(store, topicIds, req.at);
  return removed;
}

/** Questions asked before `beforeMs` leave insights (retention, INDEX_RETENTION_DAYS). Returns how many. */
export async function expireQuestions(store: Store, beforeMs: number, now: number): Promise<number> {
  const { removed, topicIds } = await store.insights.expireBefore(beforeMs);
  await refreshTopics(store, topicIds, now);
  return removed;
}
