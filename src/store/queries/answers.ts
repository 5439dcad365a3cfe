import { sql } from 'drizzle-orm';
import { asNullableNumber, asNumber, chunks, type Executor, parseIds } from '../sql';
import type { AnswerStore, FeedbackEntry, StoredAnswer } from '../types';

/** 👍 and 👎 counts from rows of `rating, count(*) AS n` grouped by rating (+1 / -1). */
export function tallyRatings(rows: readonly { rating: unknown; n: unknown }[]): { up: number; down: number } {
  let up = 0;
  let down = 0;
  for (const r of rows) {
    if (asNumber(r.rating) > 0) up += asNumber(r.n);
    else down += asNumber(r.n);
  }
  return { up, down };
}

function answerFromRow(r: Record<string, unknown>): StoredAnswer {
  return {
    id: String(r.id),
    guildId: String(r.guild_id),
    channelId: String(r.channel_id),
    userId: String(r.user_id),
    question: String(r.question),
    answer: String(r.answer),
    sourceIds: parseIds(r.source_ids),
    parentId: r.parent_id === null || r.parent_id === undefined ? null : String(r.parent_id),
    createdAt: asNullableNumber(r.created_at) ?? 0,
  };
}

export function createAnswerStore(exec: Executor): AnswerStore {
  const get = async (id: string) => {
    const r = await exec.get<Record<string, unknown>>(sql`SELECT * FROM answers WHERE id = ${id}`);
    return r === undefined ? undefined : answerFromRow(r);
  };
  return {
    async save(a) {
      await exec.run(sql`
        INSERT INTO answers (id, guild_id, channel_id, user_id, question, answer, source_ids, parent_id, created_at)
        VALUES (${a.id}, ${a.guildId}, ${a.channelId}, ${a.userId}, ${a.question}, ${a.answer},
          ${JSON.stringify(a.sourceIds)}, ${a.parentId}, ${a.createdAt})
        ON CONFLICT (id) DO UPDATE SET answer = excluded.answer, source_ids = excluded.source_ids,
          created_at = excluded.created_at`);
    },
    get,
    async conversation(id, turns) {
      const chain: StoredAnswer[] = [];
      const seen = new Set<string>();
      for (let next: string | null = id; next !== null && chain.length < turns && !seen.has(next); ) {
        seen.add(next);
        const a = await get(next);
        if (a === undefined) break;
        chain.unshift(a);
        next = a.parentId;
      }
      return chain;
    },
    async rate(answerId, userId, rating, at) {
      const a = await get(answerId);
      if (a === undefined) return;
      await exec.run(sql`
        INSERT INTO feedback (answer_id, user_id, guild_id, rating, created_at)
        VALUES (${answerId}, ${userId}, ${a.guildId}, ${rating}, ${at})
        ON CONFLICT (answer_id, user_id) DO UPDATE SET rating = excluded.rating, created_at = excluded.created_at`);
    },
    async ratingCounts(guildId, sinceMs) {
      const rows = await exec.all<{ rating: unknown; n: unknown }>(sql`
        SELECT rating, count(*) AS n FROM feedback
        WHERE guild_id = ${guildId} AND created_at >= ${sinceMs} GROUP BY rating`);
      return tallyRatings(rows);
    },
    async feedback(guildId, { down = false, limit }) {
      const rows = await exec.all<Record<string, unknown>>(sql`
        SELECT f.user_id AS rater, f.rating AS rating, f.created_at AS rated_at, a.*
        FROM feedback f JOIN answers a ON a.id = f.answer_id
        WHERE f.guild_id = ${guildId} ${down ? sql`AND f.rating < 0` : sql``}
        ORDER BY f.created_at DESC LIMIT ${limit}`);
      return rows.map(
        (r): FeedbackEntry => ({
          answer: answerFromRow(r),
          userId: String(r.rater),
          rating: asNumber(r.rating) > 0 ? 1 : -1,
          at: asNumber(r.rated_at),
        }),
      );
    },
    forgetSources(messageIds) {
      if (messageIds.length === 0) return Promise.resolve(0);
      const wanted = new Set(messageIds);
      return exec.transaction(async (tx) => {
        // Answers are few next to messages: read their source lists and match them here, the same in both dialects.
        const rows = await tx.all<{ id: string; source_ids: string }>(
          sql`SELECT id, source_ids FROM answers WHERE answer <> ''`,
        );
        const hit = rows.filter((r) => parseIds(r.source_ids).some((s) => wanted.has(s))).map((r) => r.id);
        for (const part of chunks(hit, 500)) {
          await tx.run(sql`UPDATE answers SET answer = '' WHERE ${tx.inList(sql`id`, part)}`);
        }
        return hit.length;
      });
    },
    async forgetAsker(userId, guildId) {
      return exec.run(sql`
        UPDATE answers SET question = '', answer = ''
        WHERE user_id = ${userId} ${guildId === undefined ? sql`` : sql`AND guild_id = ${guildId}`}`);
    },
  };
}
